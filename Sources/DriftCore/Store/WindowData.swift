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
    /// The serving latencies in milliseconds (`latency_ms`); NaN where an event reported none.
    public var latencies: [Double]
    /// Each row's model version, shadow flag and tags, which decide its slices (API.md, "Slices").
    public var sliceColumns = WindowSliceColumns()

    public init(
        start: Int64, end: Int64, schema: ModelSchema, columns: [ColumnValues], timestamps: [Int64],
        predictions: [ScalarValue?], scores: [Double], labels: [ScalarValue?], latencies: [Double] = []
    ) {
        self.latencies = latencies
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
        case .categorical: .categorical(categoricalPredictions())
        }
    }

    /// The predictions dictionary-encoded by category name. Each distinct value is named once (naming
    /// a number allocates a string, and a window repeats a few predictions many times); values with the
    /// same name (`1`, `1.0`) share a category.
    private func categoricalPredictions() -> CategoricalColumn {
        var codeOfValue: [ScalarValue: Int32] = [:]
        var codeOfName: [String: Int32] = [:]
        var categories: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(predictions.count)
        for prediction in predictions {
            guard let prediction, prediction != .null else {
                codes.append(CategoricalColumn.missingCode)
                continue
            }
            if let code = codeOfValue[prediction] {
                codes.append(code)
                continue
            }
            let name = prediction.categoryName ?? ""
            let code: Int32
            if let known = codeOfName[name] {
                code = known
            } else {
                code = Int32(categories.count)
                codeOfName[name] = code
                categories.append(name)
            }
            // NaN is not equal to itself and would never be found again; it is named each time instead.
            if case .number(let number) = prediction, number.isNaN {} else { codeOfValue[prediction] = code }
            codes.append(code)
        }
        return CategoricalColumn(categories: categories, codes: codes)
    }
}
