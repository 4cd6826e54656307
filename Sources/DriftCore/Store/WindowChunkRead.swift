/// How far a chunked window read went.
public struct WindowChunkRead: Sendable, Equatable {
    /// Rows handed to the reader.
    public var rows: Int
    /// The largest event sequence number the read covered: every event of the window up to it was read,
    /// so an incremental read continues after it. 0 for an empty store.
    public var sequence: Int64
    /// The last label change logged in the read's snapshot.
    public var labelSequence: Int64
    /// The label changes after `afterLabelChange` of the window's events up to `afterSequence` (events
    /// folded before), oldest first, one per event: the label it had then and the one it has now.
    public var labelChanges: [LabelChange]
    /// Rows of the window read that belong to a slice (a model version, tags, or a shadow prediction).
    /// Shadow rows are counted here; they are handed to the reader only when it asked for the slice
    /// columns (``WindowChunkRequest/sliceColumns``), as the whole model excludes them.
    public var slicedRows: Int
    /// The schema the chunks' columns were built for (nil when the engine did not say).
    public var schema: ModelSchema?

    public init(
        rows: Int, sequence: Int64, labelSequence: Int64, labelChanges: [LabelChange], slicedRows: Int,
        schema: ModelSchema? = nil
    ) {
        self.schema = schema
        self.rows = rows
        self.sequence = sequence
        self.labelSequence = labelSequence
        self.labelChanges = labelChanges
        self.slicedRows = slicedRows
    }

    /// Default rows per chunk: 65 536 rows of 25 features decode into about 12 MiB of columns; fewer rows
    /// per chunk spread each fold's work over more passes through its reference tables.
    public static let defaultChunkRows = 65_536
}

/// A change of a stored event's label, for an evaluation state that folded the event with its earlier
/// label.
public struct LabelChange: Sendable, Equatable {
    /// The label the event had before the changes (nil: none).
    public var previousLabel: ScalarValue?
    /// The label it has now.
    public var label: ScalarValue?
    /// The event's prediction and score (NaN when none).
    public var prediction: ScalarValue?
    public var score: Double

    public init(previousLabel: ScalarValue?, label: ScalarValue?, prediction: ScalarValue?, score: Double) {
        self.previousLabel = previousLabel
        self.label = label
        self.prediction = prediction
        self.score = score
    }
}


/// What a chunked window read covers (``WindowStore/readWindowChunks(_:_:)``).
public struct WindowChunkRequest: Sendable, Equatable {
    public var model: ModelName
    /// The window: event time in [from, to).
    public var from: Int64
    public var to: Int64
    /// The reference whose schema decides the columns; nil for the latest.
    public var referenceVersion: Int?
    /// Read only events stored after this sequence number (nil: all); needs
    /// ``WindowStore/incrementalWindowReads``.
    public var afterSequence: Int64?
    /// Read only events up to this sequence number (nil: all in the read's snapshot).
    public var upToSequence: Int64?
    /// With `afterSequence`, also return the label changes logged after this position for the window's
    /// events up to `afterSequence`.
    public var afterLabelChange: Int64?
    /// Decode only these features' columns (nil: every schema feature).
    public var features: Set<String>?
    /// The most rows per chunk (≥ 1).
    public var chunkRows: Int
    /// Hand each chunk's ``WindowData/sliceColumns`` (model version, shadow flag, tags) with it, shadow
    /// predictions included and marked, for a reader that routes rows to slices; when false, shadow
    /// predictions are left out and the slice columns stay empty.
    public var sliceColumns: Bool

    public init(
        model: ModelName, from: Int64, to: Int64, referenceVersion: Int? = nil, afterSequence: Int64? = nil,
        upToSequence: Int64? = nil, afterLabelChange: Int64? = nil, features: Set<String>? = nil,
        chunkRows: Int = WindowChunkRead.defaultChunkRows, sliceColumns: Bool = false
    ) {
        self.sliceColumns = sliceColumns
        self.model = model
        self.from = from
        self.to = to
        self.referenceVersion = referenceVersion
        self.afterSequence = afterSequence
        self.upToSequence = upToSequence
        self.afterLabelChange = afterLabelChange
        self.features = features
        self.chunkRows = chunkRows
    }

    /// The rows an engine reserves for each chunk of this read, whose snapshot ends at `sequence`: the chunk
    /// size, at most ``WindowChunkRead/defaultChunkRows`` (a chunk as large as a window grows as rows arrive
    /// instead), and for an incremental read at most the rows stored since ``afterSequence``.
    public func reservedRows(upTo sequence: Int64) -> Int {
        let rowsSince = afterSequence.map { Int(clamping: max(sequence - $0, 1)) } ?? Int.max
        return max(1, min(chunkRows, WindowChunkRead.defaultChunkRows, rowsSince))
    }
}

extension WindowStore {
    /// Reads a window in chunks of at most `chunkRows` rows (see ``WindowChunkRequest``), handing each to
    /// `body` in read order: the memory a read holds is one chunk, whatever the window's size.
    @discardableResult
    public func forEachWindowChunk(
        model: ModelName, from: Int64, to: Int64, referenceVersion: Int? = nil, afterSequence: Int64? = nil,
        upToSequence: Int64? = nil, afterLabelChange: Int64? = nil, features: Set<String>? = nil,
        chunkRows: Int = WindowChunkRead.defaultChunkRows, sliceColumns: Bool = false, _ body: (WindowData) -> Void
    ) throws(StoreError) -> WindowChunkRead {
        try readWindowChunks(
            WindowChunkRequest(
                model: model, from: from, to: to, referenceVersion: referenceVersion, afterSequence: afterSequence,
                upToSequence: upToSequence, afterLabelChange: afterLabelChange, features: features, chunkRows: chunkRows,
                sliceColumns: sliceColumns),
            body)
    }
}
