public import DriftCore
public import DriftStats

/// The events of one model whose event time lies in [start, end), in columns, ordered by timestamp
/// (ties in arrival order). Every array has ``count`` elements, row *i* of each belonging to the same
/// event.
public struct WindowData: Sendable {
    /// First millisecond of the window (inclusive).
    public var start: Int64
    /// End of the window in milliseconds (exclusive).
    public var end: Int64
    /// The schema the feature columns were built for.
    public var schema: ModelSchema
    /// One column per schema feature, in schema order: `.numeric` with NaN where the value is missing
    /// or not a number, `.categorical` dictionary-encoded with ``CategoricalColumn/missingCode`` where
    /// it is missing.
    public var columns: [ColumnValues]
    /// Event times, in milliseconds since the Unix epoch.
    public var timestamps: [Int64]
    /// The predictions; nil where an event had none.
    public var predictions: [ScalarValue?]
    /// The scores (probability of the positive class); NaN where an event had none.
    public var scores: [Double]
    /// The labels joined to the events; nil where no label is known.
    public var labels: [ScalarValue?]

    public init(
        start: Int64, end: Int64, schema: ModelSchema, columns: [ColumnValues], timestamps: [Int64],
        predictions: [ScalarValue?], scores: [Double], labels: [ScalarValue?]
    ) {
        self.start = start
        self.end = end
        self.schema = schema
        self.columns = columns
        self.timestamps = timestamps
        self.predictions = predictions
        self.scores = scores
        self.labels = labels
    }

    /// Number of events in the window.
    public var count: Int { timestamps.count }

    /// Number of events with a label.
    public var labelledCount: Int { labels.lazy.filter { $0 != nil }.count }

    /// The column of the named schema feature.
    public func column(named name: String) -> ColumnValues? {
        schema.features.firstIndex { $0.name == name }.map { columns[$0] }
    }

    /// The predictions as a column of the schema's ``ModelSchema/predictionType``: categories for
    /// classification (``ScalarValue/categoryName``), numbers for regression
    /// (``ScalarValue/numericValue``, NaN when missing).
    public func predictionColumn() -> ColumnValues {
        switch schema.predictionType {
        case .numeric: .numeric(predictions.map { $0?.numericValue ?? .nan })
        case .categorical: .categorical(CategoricalColumn(values: predictions.map { $0?.categoryName }))
        }
    }
}
