/// One evaluated window of one slice of a model (API.md, "Slices") as the store keeps it.
public struct StoredSliceWindowResult: Sendable, Equatable {
    /// The slice, written `KEY:VALUE` (`model_version:v2`, `region:eu`).
    public var slice: String
    /// `model` or `segment`: which reference the slice was compared with.
    public var referenceScope: String
    /// The window's bookkeeping and statistics JSON, as for the whole model.
    public var window: StoredWindowResult
    /// Events in the slice's window, for listing slices without decoding the JSON.
    public var eventCount: Int
    /// A digest of the rows the result was computed from; an evaluation of the same rows against the same
    /// reference may skip the slice.
    public var fingerprint: String

    public init(slice: String, referenceScope: String, window: StoredWindowResult, eventCount: Int, fingerprint: String)
    {
        self.slice = slice
        self.referenceScope = referenceScope
        self.window = window
        self.eventCount = eventCount
        self.fingerprint = fingerprint
    }
}

/// What a model's slices hold over a range of windows: `GET /v1/models/{model}/slices`.
public struct SliceSummary: Sendable, Equatable {
    /// The slice, written `KEY:VALUE`.
    public var slice: String
    /// Events over the slice's windows.
    public var events: Int
    /// Windows of the slice.
    public var windows: Int

    public init(slice: String, events: Int, windows: Int) {
        self.slice = slice
        self.events = events
        self.windows = windows
    }
}

/// The bookkeeping of one stored slice window, read to decide whether it must be evaluated again.
public struct SliceWindowStatus: Sendable, Equatable {
    public var referenceVersion: Int
    public var partial: Bool
    public var fingerprint: String

    public init(referenceVersion: Int, partial: Bool, fingerprint: String) {
        self.referenceVersion = referenceVersion
        self.partial = partial
        self.fingerprint = fingerprint
    }
}
