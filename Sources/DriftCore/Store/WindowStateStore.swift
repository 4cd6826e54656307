/// A window's streaming evaluation state as the store keeps it: an opaque archive (DriftEvaluation's
/// `WindowStateArchive`) with what a reader checks before decoding it.
public struct StoredWindowState: Sendable, Equatable {
    /// The window's start (milliseconds since the Unix epoch).
    public var windowStart: Int64
    /// The slice the state belongs to, written `KEY:VALUE`; empty for the whole model.
    public var slice: String
    /// The reference version the state was folded against.
    public var referenceVersion: Int
    /// A digest of the evaluation settings the state was folded with.
    public var settingsFingerprint: String
    /// Every event of the window up to this sequence number is folded in.
    public var sequence: Int64
    /// Every label change up to this position is folded in.
    public var labelSequence: Int64
    /// When the state was saved (milliseconds since the Unix epoch).
    public var savedAt: Int64
    /// The archived state.
    public var bytes: [UInt8]

    public init(
        windowStart: Int64, slice: String = "", referenceVersion: Int, settingsFingerprint: String, sequence: Int64,
        labelSequence: Int64, savedAt: Int64, bytes: [UInt8]
    ) {
        self.windowStart = windowStart
        self.slice = slice
        self.referenceVersion = referenceVersion
        self.settingsFingerprint = settingsFingerprint
        self.sequence = sequence
        self.labelSequence = labelSequence
        self.savedAt = savedAt
        self.bytes = bytes
    }
}

/// The store's side of persisted window states (issue #15): a restart, or another replica sharing the
/// store, folds only the rows that arrived since a state was saved instead of rebuilding it from the
/// window's rows. One state per (model, window start, slice); retention deletes the states of the windows
/// it deletes events from. Blocking, like every part of ``StoragePort``.
public protocol WindowStateStore: Sendable {
    /// Saves `state`, replacing the one of the same window and slice.
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference.
    func saveWindowState(model: ModelName, _ state: StoredWindowState) throws(StoreError)
    /// The saved state of `model`'s window starting at `windowStart` for `slice` (`""`: the whole model);
    /// nil when there is none.
    func windowState(model: ModelName, windowStart: Int64, slice: String) throws(StoreError) -> StoredWindowState?
    /// Deletes that state, if any.
    func deleteWindowState(model: ModelName, windowStart: Int64, slice: String) throws(StoreError)
}
