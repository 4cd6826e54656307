import DriftStats
import Testing
@testable import DriftTabular

@Suite("Column conversion and inference")
struct ColumnInferenceTests {
    @Test("numeric column with missing markers (a lone empty field must be quoted: blank lines are skipped)")
    func numericWithMissing() throws {
        let document = try parse("x\n1.5\n\"\"\nNA\n-2e3\n n/a \nnan\nNULL\nNone\n#N/A\n<NA>\n  7 \n\"8\"\ninf\n")
        guard case .numeric(let values) = document.numericValues(column: 0) else {
            Issue.record("expected numbers")
            return
        }
        try #require(values.count == 13)
        #expect(values[0] == 1.5)
        #expect(values[3] == -2000)
        #expect(values[10] == 7)
        #expect(values[11] == 8)
        #expect(values[12] == .infinity)
        #expect([1, 2, 4, 5, 6, 7, 8, 9].allSatisfy { values[$0].isNaN })
        #expect(document.inferredKind(column: 0) == .numeric)
    }

    @Test("first non-numeric field is reported with its line")
    func notNumeric() throws {
        let document = try parse("x,y\n1,a\n2,\"b\nc\"\n3,4\nfoo,5\n")
        #expect(document.numericValues(column: 0) == .notNumeric(line: 6, value: "foo"))
        #expect(document.numericValues(column: 1) == .notNumeric(line: 2, value: "a"))
        #expect(document.inferredKind(column: 0) == .categorical)
    }

    @Test("categorical encoding: first-appearance order, empty is missing, quotes unescaped")
    func categorical() throws {
        let document = try parse("c\nred\nblue\n\"\"\nred\n\"blue\"\n\"a,b\"\n")
        let column = document.categoricalValues(column: 0)
        #expect(column.categories == ["red", "blue", "a,b"])
        #expect(column.codes == [0, 1, CategoricalColumn.missingCode, 0, 1, 2])
    }

    @Test("a numeric column can still be read as categories")
    func numericAsCategorical() throws {
        let document = try parse("n,m\n1,a\n2,b\n1,c\n,d\n")
        #expect(document.categoricalValues(column: 0) == CategoricalColumn(categories: ["1", "2"], codes: [0, 1, 0, -1]))
    }

    @Test("booleans, all-missing and mixed columns are categorical")
    func inference() throws {
        let document = try parse("flag,empty,mixed,num\ntrue,,1,1\nfalse,NA,x,2\nTRUE,,2,3\n")
        #expect(document.inferredKind(column: 0) == .categorical)
        #expect(document.inferredKind(column: 1) == .categorical)
        #expect(document.inferredKind(column: 2) == .categorical)
        #expect(document.inferredKind(column: 3) == .numeric)
        let typed = document.typedColumns()
        #expect(typed[3] == .numeric([1, 2, 3]))
        #expect(typed[1] == .categorical(CategoricalColumn(categories: ["NA"], codes: [-1, 0, -1])))
        #expect(typed[2] == .categorical(CategoricalColumn(categories: ["1", "x", "2"], codes: [0, 1, 2])))
        #expect(CSVColumnKind(.numeric([.nan, .nan])) == .categorical)
    }

    @Test("a column that turns non-numeric late is encoded from its first row, also in parallel")
    func lateSwitch() throws {
        var text = "v\n"
        for row in 0..<500 { text += row == 420 ? "oops\n" : "\(row % 4)\n" }
        let expected = CategoricalColumn(values: (0..<500).map { $0 == 420 ? "oops" : "\($0 % 4)" })
        for document in [try parse(text), try parseInParallel(text, workers: 3)] {
            #expect(document.categoricalValues(column: 0) == expected)
            #expect(document.numericValues(column: 0) == .notNumeric(line: 422, value: "oops"))
        }
    }
}
