import DriftCore
import GRDB

/// A model's feature dictionary (table `feature_slot`): every feature name it has seen, numbered
/// 0, 1, 2, … in order of first appearance. Event rows store slots instead of names
/// (``FeatureRowCodec``).
///
/// Names of schema features are registered when a reference is saved, so they always have a slot.
/// Other names get one when an event first carries them, up to ``maximumSlots``; past that, values of
/// new unexpected features are not stored (their names are still counted in `unexpected_feature`),
/// which bounds the dictionary every write transaction loads.
package struct FeatureSlots {
    /// Most slots a model's dictionary grows to through unexpected features.
    package static let maximumSlots = 4_096

    private let modelID: Int64
    /// Name → slot.
    private(set) var slots: [String: Int]

    /// Loads the dictionary of a model.
    init(modelID: Int64, in db: Database) throws {
        self.modelID = modelID
        var slots: [String: Int] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT slot, name FROM feature_slot WHERE model_id = ?"), arguments: [modelID])
        while let row = try rows.next() {
            slots[row[1]] = row[0]
        }
        self.slots = slots
    }

    /// The slot of `name`, registering it if it is new and the dictionary has room (or `force`).
    mutating func slot(for name: String, force: Bool = false, in db: Database) throws -> Int? {
        if let slot = slots[name] { return slot }
        guard force || slots.count < Self.maximumSlots else { return nil }
        // Checked here, once per name: SQLite would otherwise store a name cut at its first NUL.
        if ControlCharacters.contains(name) {
            throw StoreError(.invalidValue, "feature name \(name.debugDescription) contains a control character")
        }
        let slot = slots.count
        try db.execute(
            sql: "INSERT INTO feature_slot (model_id, slot, name) VALUES (?, ?, ?)", arguments: [modelID, slot, name])
        slots[name] = slot
        return slot
    }
}
