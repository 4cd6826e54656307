import DriftStats

/// Synthetic data and a timer for measuring the raw insert rate of the store's layout, so that a
/// benchmark (`driftwatch bench`) can print the ingestion service's throughput next to it.
///
/// ```swift
/// let store: any StoragePort = try SQLiteStore(path: "/tmp/bench.sqlite", durability: .normal)
/// let schema = StoreBenchmark.schema(numeric: 20, categorical: 5)
/// try store.saveReference(model: name, schema: schema, profile: profile, rowCount: 0, at: 0)
/// let events = StoreBenchmark.events(count: 100_000, schema: schema, seed: 1)
/// let run = try StoreBenchmark.insertRate(store: store, model: name, events: events, batchSize: 500)
/// print(run.eventsPerSecond)
/// ```
public enum StoreBenchmark {
    /// The result of a timed insert run.
    public struct InsertRun: Sendable, Equatable {
        /// Events stored.
        public var events: Int
        /// Batches (transactions) used.
        public var batches: Int
        /// Wall-clock seconds spent in ``IngestionStore/insertEvents(model:events:receivedAt:unexpectedFeatures:)``.
        public var seconds: Double
        /// Events stored per second.
        public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    }

    /// A schema of `numeric` features `n0, n1, …` then `categorical` features `c0, c1, …`, binary task.
    public static func schema(numeric: Int, categorical: Int) -> ModelSchema {
        ModelSchema(
            features: (0..<numeric).map { ModelSchema.FeatureSpec(name: "n\($0)", type: .numeric) }
                + (0..<categorical).map { ModelSchema.FeatureSpec(name: "c\($0)", type: .categorical) },
            task: .binary, positiveLabel: "1")
    }

    /// Deterministic events for `schema`: ids `"\(idPrefix)\(i)"`, timestamps `start + i·spacing`,
    /// normal-ish numbers (2 % missing), categories `"cat_0"…"cat_9"`, a 0/1 prediction and a score; with
    /// `latency`, a serving latency between 2 and 50 ms in hundredths of a millisecond, skewed low, drawn
    /// apart so the other values are those of the same seed without it.
    public static func events(
        count: Int, schema: ModelSchema, start: Int64 = 1_767_225_600_000, spacingMilliseconds: Int64 = 100,
        seed: UInt64 = 1, idPrefix: String = "e", latency: Bool = false
    ) -> [Event] {
        var random = SplitMix64(seed: seed)
        var latencyRandom = SplitMix64(seed: seed ^ 0x6c61_7465_6e63_7900)
        return (0..<count).map { index in
            let features = schema.features.map { spec -> Event.Feature in
                let draw = random.nextUnit()
                switch spec.type {
                case .numeric:
                    let value: ScalarValue = draw < 0.02 ? .null : .number((random.nextUnit() - 0.5) * 10 + draw)
                    return Event.Feature(name: spec.name, value: value)
                case .categorical:
                    return Event.Feature(name: spec.name, value: .string("cat_\(Int(draw * 10))"))
                }
            }
            let score = random.nextUnit()
            let latencyMilliseconds = latency ? (2 + 48 * latencyRandom.nextUnit() * latencyRandom.nextUnit()) : nil
            return Event(
                id: "\(idPrefix)\(index)", timestampMilliseconds: start + Int64(index) * spacingMilliseconds,
                features: features, prediction: .number(score > 0.5 ? 1 : 0), score: score,
                latencyMilliseconds: latencyMilliseconds.map { ($0 * 100).rounded() / 100 })
        }
    }

    /// Inserts `events` in batches of `batchSize`, one transaction each, and times the inserts only.
    public static func insertRate(
        store: any IngestionStore, model: ModelName, events: [Event], batchSize: Int = 500
    ) throws(StoreError) -> InsertRun {
        precondition(batchSize > 0, "batches need at least one event")
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var stored = 0
        var batches = 0
        var start = 0
        while start < events.count {
            let batch = Array(events[start..<min(start + batchSize, events.count)])
            let began = clock.now
            stored += try store.insertEvents(model: model, events: batch, receivedAt: 0).accepted
            elapsed += clock.now - began
            batches += 1
            start += batchSize
        }
        return InsertRun(events: stored, batches: batches, seconds: elapsed.fractionalSeconds)
    }
}
