import DriftCore
import DriftStats
import DriftStore
import DriftTestSupport
import GRDB
import Testing

/// A window read hands each chunk's feature rows, still encoded, to the thread that takes the chunk, which
/// decodes them (on both cores for a large chunk): the columns are those of a row-by-row decode, and a
/// damaged row ends the read with ``StoreError/Code/corruptData`` after the chunks before it.
@Suite("Window chunks decoded by the thread that takes them")
struct WindowChunkDecodeTests {
    private static let rows = 40_000

    /// A store with `rows` events 50 ms apart: numbers that differ per row, categories in a changing order.
    private static func store(in directory: TemporaryDirectory) throws -> SQLiteStore {
        let store = try Fixture.store(at: directory.path())
        let countries = ["fr", "de", "it", "es"]
        let events = (0..<rows).map { (index: Int) -> Event in
            let age: ScalarValue? = index % 97 == 0 ? nil : .number(Double(index) / 7)
            let plan: ScalarValue = index % 5 == 0 ? .null : .string(index < rows / 2 ? "basic" : "pro")
            let country = ScalarValue.string(countries[(index * 7 / 3) % 4])
            return Fixture.event(
                "e\(index)", at: Fixture.t0 + Int64(index) * 50, age: age, country: country,
                income: .number(Double(index % 13)), plan: plan)
        }
        try store.insertEvents(model: Fixture.model, events: events, receivedAt: 0)
        return store
    }

    /// The columns of every chunk, joined: numbers as bit patterns, categories as names.
    private static func read(_ store: SQLiteStore, chunkRows: Int) throws
        -> (chunks: Int, numbers: [[UInt64]], names: [[String?]], dictionaries: [[String]])
    {
        var chunks = 0
        var numbers: [[UInt64]] = []
        var names: [[String?]] = []
        var dictionaries: [[String]] = []
        try store.forEachWindowChunk(
            model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour, chunkRows: chunkRows
        ) { chunk in
            chunks += 1
            if numbers.isEmpty {
                numbers = Array(repeating: [], count: chunk.columns.count)
                names = Array(repeating: [], count: chunk.columns.count)
            }
            dictionaries = chunk.columns.map { column in
                if case .categorical(let categorical) = column { return categorical.categories }
                return []
            }
            for (index, column) in chunk.columns.enumerated() {
                numbers[index] += column.numbers?.map(\.bitPattern) ?? []
                names[index] += column.categoryNames ?? []
            }
        }
        return (chunks, numbers, names, dictionaries)
    }

    @Test("a chunk decoded on both cores has the columns of chunks decoded row by row on one")
    func parallelDecodeEqualsSerial() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        let whole = try Self.read(store, chunkRows: Self.rows)
        let small = try Self.read(store, chunkRows: 8_000)
        #expect(whole.chunks == 1 && small.chunks == 5)
        #expect(whole.numbers == small.numbers)
        #expect(whole.names == small.names)
        #expect(whole.numbers.map(\.count).max() == Self.rows && whole.names.map(\.count).max() == Self.rows)
        // Both kinds of column were read, with their missing values.
        #expect(whole.names.contains { $0.contains(nil) && $0.contains("pro") })
        #expect(whole.numbers.contains { $0.contains(Double.nan.bitPattern) })
        // Each dictionary lists the categories in the order a single walk meets them.
        for (names, dictionary) in zip(whole.names, whole.dictionaries) where !names.isEmpty {
            var met: [String] = []
            for case let name? in names where !met.contains(name) { met.append(name) }
            #expect(dictionary == met)
        }
    }

    @Test(
        "chunks decoded into the buffers of the chunks before them hold their own rows, kept or not",
        arguments: [false, true])
    func reusedBuffersHoldEachChunksRows(keepChunks: Bool) throws {
        // 80,000 rows 40 ms apart: chunks of 30,000 rows (two decoded on both cores, the last, of 20,000, on
        // one). Later chunks leave out values the earlier ones had, and meet other categories, so a value or
        // a category left over from a chunk before would show. A reader that lets each chunk go has its
        // buffers reused; one that keeps them must find them as they were handed over.
        let rows = 80_000
        let directory = try TemporaryDirectory()
        let store = try Fixture.store(at: directory.path())
        let events = (0..<rows).map { (index: Int) -> Event in
            let early = index < 35_000
            let age: ScalarValue? = early ? (index % 97 == 0 ? nil : .number(Double(index) / 7)) : nil
            let income: ScalarValue? = early || index % 3 == 0 ? .number(Double(index % 13) + 0.5) : .null
            let country = ScalarValue.string(early ? ["fr", "de"][index % 2] : ["it", "es", "pt"][index % 3])
            let plan: ScalarValue? = index >= 60_000 ? nil : .string(index % 4 == 0 ? "pro" : "basic")
            return Fixture.event(
                "e\(index)", at: Fixture.t0 + Int64(index) * 40, age: age, country: country, income: income,
                plan: plan)
        }
        try store.insertEvents(model: Fixture.model, events: events, receivedAt: 0)
        var kept: [WindowData] = []
        var sizes: [Int] = []
        try store.forEachWindowChunk(
            model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour, chunkRows: 30_000
        ) { chunk in
            if keepChunks {
                kept.append(chunk)
            } else {
                Self.expectColumns(of: chunk, hold: events[sizes.reduce(0, +)...].prefix(chunk.count))
            }
            sizes.append(chunk.count)
        }
        #expect(sizes == [30_000, 30_000, 20_000])
        var first = 0
        for chunk in kept {
            Self.expectColumns(of: chunk, hold: events[first..<(first + chunk.count)])
            first += chunk.count
        }
    }

    /// Expects each column of `chunk` to hold the values of `events`, and each dictionary only the
    /// categories met in them, in the order met.
    private static func expectColumns(of chunk: WindowData, hold events: ArraySlice<Event>) {
        for (feature, column) in zip(chunk.schema.features, chunk.columns) {
            let values = events.map { event in event.features.first { $0.name == feature.name }?.value }
            switch feature.type {
            case .numeric:
                let stored = values.map { value -> UInt64 in
                    if case .number(let number)? = value { return number.bitPattern }
                    return Double.nan.bitPattern
                }
                #expect(column.numbers?.map(\.bitPattern) == stored, "\(feature.name)")
            case .categorical:
                let names = values.map { value -> String? in
                    if case .string(let name)? = value { return name }
                    return nil
                }
                #expect(column.categoryNames == names, "\(feature.name)")
                var met: [String] = []
                for case let name? in names where !met.contains(name) { met.append(name) }
                if case .categorical(let categorical) = column {
                    #expect(categorical.categories == met, "\(feature.name): only the chunk's own categories")
                }
            }
        }
    }

    @Test(
        "a damaged feature row ends the read with corruptData after the chunks before it",
        arguments: [100, 33_000, 39_000])
    func damagedRow(index: Int) throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        try DatabaseQueue(path: directory.path()).write { db in
            try db.execute(sql: "UPDATE event SET features = x'FF00' WHERE event_id = ?", arguments: ["e\(index)"])
        }
        var handed = 0
        #expect {
            try store.forEachWindowChunk(
                model: Fixture.model, from: Fixture.t0, to: Fixture.t0 + Fixture.hour, chunkRows: 36_000
            ) { _ in handed += 1 }
        } throws: { error in
            (error as? StoreError)?.code == .corruptData
        }
        // Chunks of 36,000 rows (decoded on both cores) and 4,000 (on one).
        #expect(handed == index / 36_000, "the chunks before the damaged one were handed over, not the rest")
    }
}
