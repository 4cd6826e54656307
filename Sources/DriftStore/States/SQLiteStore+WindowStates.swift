public import DriftCore
import Foundation
import GRDB

extension SQLiteStore: WindowStateStore {
    /// Saves a window's state, replacing the one of the same window and slice.
    /// - Throws: ``StoreError/Code/unknownModel`` when the model has no reference.
    public func saveWindowState(model: ModelName, _ state: StoredWindowState) throws(StoreError) {
        let blob = Data(state.bytes)
        try write { db in
            let modelID = try ModelRow.requireID(of: model, in: db)
            try db.execute(
                sql: """
                    INSERT INTO window_state (model_id, window_start, slice, reference_version, settings_fingerprint,
                        event_sequence, label_sequence, saved_at, state)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (model_id, window_start, slice) DO UPDATE SET
                        reference_version = excluded.reference_version,
                        settings_fingerprint = excluded.settings_fingerprint,
                        event_sequence = excluded.event_sequence, label_sequence = excluded.label_sequence,
                        saved_at = excluded.saved_at, state = excluded.state
                    """,
                arguments: [
                    modelID, state.windowStart, state.slice, state.referenceVersion, state.settingsFingerprint,
                    state.sequence, state.labelSequence, state.savedAt, blob,
                ])
        }
    }

    /// The saved state of a window and slice; nil when there is none.
    public func windowState(model: ModelName, windowStart: Int64, slice: String) throws(StoreError)
        -> StoredWindowState?
    {
        try read { db in
            guard let modelID = try ModelRow.id(of: model, in: db),
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT reference_version, settings_fingerprint, event_sequence, label_sequence, saved_at, state
                        FROM window_state WHERE model_id = ? AND window_start = ? AND slice = ?
                        """,
                    arguments: [modelID, windowStart, slice])
            else { return nil }
            let bytes = try row.withUnsafeData(atIndex: 5) { data in data.map { [UInt8]($0) } ?? [] }
            return StoredWindowState(
                windowStart: windowStart, slice: slice, referenceVersion: row[0], settingsFingerprint: row[1],
                sequence: row[2], labelSequence: row[3], savedAt: row[4], bytes: bytes)
        }
    }

    /// Deletes the saved state of a window and slice, if any.
    public func deleteWindowState(model: ModelName, windowStart: Int64, slice: String) throws(StoreError) {
        try write { db in
            guard let modelID = try ModelRow.id(of: model, in: db) else { return }
            try db.execute(
                sql: "DELETE FROM window_state WHERE model_id = ? AND window_start = ? AND slice = ?",
                arguments: [modelID, windowStart, slice])
        }
    }
}
