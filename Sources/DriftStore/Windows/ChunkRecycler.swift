import DriftCore

/// Buffers of a chunked read's chunks that the thread taking them is done with, handed back to the thread
/// that fills the next chunk (``ChunkHandoff``): the encoded feature rows once decoded, and the other
/// columns once the reader's body returned. A full pass's chunks then fill the same pages again instead
/// of new ones (see ``ChunkDecoder``, which keeps the feature columns the same way).
///
/// With one chunk in flight, it holds at most one spare of each.
final class ChunkRecycler: Sendable {
    private struct Spares {
        var rows: EncodedFeatureRows?
        var data: WindowData?
    }

    private let spares = Locked(Spares())

    /// Keeps `rows` for the next chunk.
    func put(_ rows: EncodedFeatureRows) {
        spares.withLock { $0.rows = rows }
    }

    /// Keeps the columns of `data` other than the features (which ``ChunkDecoder`` keeps) and the slice
    /// columns (which each chunk builds anew) for the next chunk.
    func put(_ data: WindowData) {
        var data = data
        data.columns = []
        data.sliceColumns = WindowSliceColumns()
        spares.withLock { $0.data = data }
    }

    /// The encoded rows put back, emptied (nil when none are).
    func takeRows() -> EncodedFeatureRows? {
        guard var rows = spares.withLock({ $0.rows.take() }) else { return nil }
        rows.removeAll()
        return rows
    }

    /// The window data put back (nil when none is); its arrays are emptied by the taker, which moves them out.
    func takeData() -> WindowData? {
        spares.withLock { $0.data.take() }
    }
}
