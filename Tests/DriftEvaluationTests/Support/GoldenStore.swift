import DriftTestSupport
import DriftCore
import DriftEvaluation
import DriftPostgres
import DriftStats
import DriftStore
import Foundation

/// A real store on a temporary file with the golden model's reference saved, and the golden data at hand.
struct GoldenStore {
    let directory: TemporaryDirectory
    let store: any StoragePort
    /// The PostgreSQL database of a `postgres` fixture, dropped with it.
    let scratch: ScratchDatabase?
    let golden: GoldenWindows
    let expected: [JSONValue]
    let model: ModelName
    let prepared: ReferenceBuilder.Prepared
    let events: [Event]
    /// Start of the first golden window (2026-01-05T00:00:00Z).
    let firstWindow: Int64

    static let hour = EvaluationSettings.hour
    static let minute = EvaluationSettings.minute

    /// The engines a golden case runs on: SQLite, and PostgreSQL when DRIFTWATCH_TEST_POSTGRES is set.
    static var engines: [String] { ["sqlite"] + (ScratchDatabase.serverURL == nil ? [] : ["postgres"]) }

    /// - Parameter engine: `sqlite` (a temporary file) or `postgres` (a scratch database on the test server).
    init(engine: String = "sqlite") throws {
        (golden, expected) = try GoldenWindows.load()
        directory = try TemporaryDirectory()
        if engine == "postgres", let server = ScratchDatabase.serverURL {
            let scratch = try ScratchDatabase(server: server)
            self.scratch = scratch
            store = try PostgresStore(url: scratch.url, connections: 2)
        } else {
            scratch = nil
            store = try SQLiteStore(path: directory.path())
        }
        model = try golden.modelName
        prepared = try ReferenceBuilder.prepare(columns: golden.referenceColumns(), bins: golden.bins)
        try store.saveReference(
            model: model, schema: prepared.schema, profile: prepared.profile, rowCount: prepared.profile.rowCount,
            at: 0, performance: prepared.performance())
        events = try golden.storeEvents()
        guard let first = expected.first?["start"]?.string else {
            throw GoldenError(reason: "the first expected window has no start")
        }
        firstWindow = try GoldenWindows.milliseconds(first)
    }

    /// The settings the golden file states: hourly windows, PSI at its threshold, default min_samples.
    var settings: EvaluationSettings {
        EvaluationSettings(
            windowMilliseconds: Self.hour, driftMethod: DriftMethod(rawValue: golden.driftMethod) ?? .psi,
            driftThreshold: golden.driftThreshold)
    }

    /// A service on the store whose clock is `clock`.
    func service(clock: TestClock, settings: EvaluationSettings? = nil) throws -> EvaluationService {
        try EvaluationService(store: store, defaultSettings: settings ?? self.settings, now: { clock.now })
    }

    /// Inserts the golden events and labels the way clients would: some labels before their events (they
    /// wait as pending), the events in several batches out of order, the rest of the labels afterwards,
    /// and the label whose event never arrives.
    func insertEverything() throws {
        let labels = golden.storeLabels
        let early = labels.prefix(150)
        try store.insertLabels(model: model, labels: Array(early), receivedAt: 1)
        // Four batches in the order 3, 1, 4, 2 of the file, each reversed.
        let size = (events.count + 3) / 4
        let batches = stride(from: 0, to: events.count, by: size).map { Array(events[$0..<min($0 + size, events.count)]) }
        for index in [2, 0, 3, 1] where index < batches.count {
            try store.insertEvents(model: model, events: batches[index].reversed(), receivedAt: 2)
        }
        try store.insertLabels(model: model, labels: Array(labels.dropFirst(150)), receivedAt: 3)
    }
}

