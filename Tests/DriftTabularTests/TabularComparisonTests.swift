import DriftStats
import Testing

@testable import DriftTabular

/// Column matching, type inference and errors of a table-to-table comparison.
@Suite("Tabular comparison")
struct TabularComparisonTests {
    private func document(_ text: String, _ name: String) throws -> CSVDocument {
        try CSVDocument(bytes: Array(text.utf8), name: name)
    }

    @Test("Columns are matched by name; one-sided columns are skipped, types inferred over both files")
    func matching() async throws {
        let reference = try document("a,b,only_ref\n1,x,1\n2,y,2\n3,x,3\n", "ref.csv")
        let current = try document("b,a,only_cur\nx,1.5,1\nz,2.5,2\n", "cur.csv")
        let result = try await TabularComparison.compare(reference: reference, current: current, options: .init())
        #expect(Set(result.columns.map(\.name)) == ["a", "b"])
        #expect(result.skipped.map(\.name).sorted() == ["only_cur", "only_ref"])
        let a = try #require(result.columns.first { $0.name == "a" })
        guard case .numeric = a.comparison else { Issue.record("a should be numeric"); return }
        let b = try #require(result.columns.first { $0.name == "b" })
        guard case .categorical(let categorical) = b.comparison else { Issue.record("b should be categorical"); return }
        #expect(categorical.unseenShare == 0.5)
    }

    @Test("A numeric-looking column with text in the other file is categorical")
    func mixedTypes() async throws {
        let reference = try document("code\n1\n2\n", "ref.csv")
        let current = try document("code\n1\nA7\n", "cur.csv")
        let result = try await TabularComparison.compare(reference: reference, current: current, options: .init())
        guard case .categorical = try #require(result.columns.first).comparison else {
            Issue.record("expected categorical")
            return
        }
    }

    @Test("Errors name the file, the line and the column")
    func errors() async throws {
        let reference = try document("a,b\n1,x\n2,y\n", "ref.csv")
        let current = try document("a,b\n1,x\n2,y\n", "cur.csv")
        var options = TabularComparisonOptions()
        options.forcedNumeric = ["b"]
        await #expect(throws: TabularError(.notNumeric, "ref.csv:2: column 'b' is forced numeric but has 'x'")) {
            try await TabularComparison.compare(reference: reference, current: current, options: options)
        }
        options = TabularComparisonOptions()
        options.columns = ["nope"]
        await #expect(throws: TabularError.self) {
            try await TabularComparison.compare(reference: reference, current: current, options: options)
        }
        let empty = try document("a,b\n,x\n,y\n", "empty.csv")
        options = TabularComparisonOptions()
        options.columns = ["a"]
        await #expect(throws: TabularError(.noUsableValues, "empty.csv: column 'a' has no usable values")) {
            try await TabularComparison.compare(reference: reference, current: empty, options: options)
        }
    }
}
