public import DriftCore
import NIOCore
import PostgresNIO

extension PostgresStore: WindowStateStore {
    /// Saves a window's state, replacing the one of the same window and slice.
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference.
    public func saveWindowState(model: ModelName, _ state: StoredWindowState) throws(StoreError) {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else {
                throw StoreError(.unknownModel, "model '\(model)' has no reference; upload one first")
            }
            try session.query(
                """
                INSERT INTO window_state (model_id, window_start, slice, reference_version, settings_fingerprint,
                    event_sequence, label_sequence, saved_at, state)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (model_id, window_start, slice) DO UPDATE SET
                    reference_version = excluded.reference_version,
                    settings_fingerprint = excluded.settings_fingerprint,
                    event_sequence = excluded.event_sequence, label_sequence = excluded.label_sequence,
                    saved_at = excluded.saved_at, state = excluded.state
                """,
                [
                    .int(modelID), .int(state.windowStart), .text(state.slice), .int(Int64(state.referenceVersion)),
                    .text(state.settingsFingerprint), .int(state.sequence), .int(state.labelSequence),
                    .int(state.savedAt), .bytes(state.bytes),
                ])
        }
    }

    /// The saved state of a window and slice; nil when there is none.
    public func windowState(model: ModelName, windowStart: Int64, slice: String) throws(StoreError)
        -> StoredWindowState?
    {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session),
                let row = try session.query(
                    """
                    SELECT reference_version, settings_fingerprint, event_sequence, label_sequence, saved_at, state
                    FROM window_state WHERE model_id = $1 AND window_start = $2 AND slice = $3
                    """, [.int(modelID), .int(windowStart), .text(slice)]
                ).first
            else { return nil }
            var buffer = try row.get(5, as: ByteBuffer.self)
            return StoredWindowState(
                windowStart: windowStart, slice: slice, referenceVersion: Int(try row.get(0, as: Int32.self)),
                settingsFingerprint: try row.get(1), sequence: try row.get(2), labelSequence: try row.get(3),
                savedAt: try row.get(4), bytes: buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
    }

    /// Deletes the saved state of a window and slice, if any.
    public func deleteWindowState(model: ModelName, windowStart: Int64, slice: String) throws(StoreError) {
        try pool.withConnection { session in
            guard let modelID = try Self.modelID(model, in: session) else { return }
            try session.query(
                "DELETE FROM window_state WHERE model_id = $1 AND window_start = $2 AND slice = $3",
                [.int(modelID), .int(windowStart), .text(slice)])
        }
    }
}
