import Testing
@testable import DriftTabular

@Suite("RFC 4180 parsing")
struct CSVParsingTests {
    @Test("plain fields, LF line ends, trailing newline")
    func plain() throws {
        let document = try parse("a,b,c\n1,2,3\n4,5,6\n")
        #expect(document.columnNames == ["a", "b", "c"])
        #expect(document.rowCount == 2)
        #expect(rows(document) == [["1", "2", "3"], ["4", "5", "6"]])
    }

    @Test("no trailing newline")
    func noTrailingNewline() throws {
        let document = try parse("a,b\n1,2\n3,4")
        #expect(rows(document) == [["1", "2"], ["3", "4"]])
    }

    @Test("CRLF line ends, with and without a final CRLF")
    func crlf() throws {
        #expect(rows(try parse("a,b\r\n1,2\r\n3,4\r\n")) == [["1", "2"], ["3", "4"]])
        #expect(rows(try parse("a,b\r\n1,2\r\n3,4")) == [["1", "2"], ["3", "4"]])
        #expect(try parse("a,b\r\nx,y\r\n").columnNames == ["a", "b"])
    }

    @Test("quoted fields with escaped quotes, commas and newlines")
    func quoted() throws {
        let text = "name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n\"multi\nline\",\"crlf\r\ninside\"\n\"\",plain\n"
        let document = try parse(text)
        #expect(rows(document) == [
            ["Smith, J", "said \"hi\""],
            ["multi\nline", "crlf\r\ninside"],
            ["", "plain"],
        ])
    }

    @Test("quoted header names")
    func quotedHeader() throws {
        let document = try parse("\"a,1\",\"b \"\"x\"\"\"\n1,2\n")
        #expect(document.columnNames == ["a,1", "b \"x\""])
        #expect(document.columnIndex(named: "b \"x\"") == 1)
    }

    @Test("UTF-8 byte-order mark is skipped")
    func byteOrderMark() throws {
        let document = try parse("\u{FEFF}id,value\n1,é\n")
        #expect(document.columnNames == ["id", "value"])
        #expect(rows(document) == [["1", "é"]])
    }

    @Test("empty fields, including a trailing one")
    func emptyFields() throws {
        let document = try parse("a,b,c\n,,\n1,,\n,2,\n")
        #expect(rows(document) == [["", "", ""], ["1", "", ""], ["", "2", ""]])
    }

    @Test("blank lines are skipped and line numbers count physical lines")
    func blankLinesAndLineNumbers() throws {
        let document = try parse("a,b\n\n1,\"x\ny\"\n\r\n2,z\n")
        #expect(rows(document) == [["1", "x\ny"], ["2", "z"]])
        #expect(document.line(ofRow: 0) == 3)
        #expect(document.line(ofRow: 1) == 6)
    }

    @Test("a quote inside an unquoted field is data")
    func bareQuote() throws {
        #expect(rows(try parse("a,b\n5\" pipe,x\n")) == [["5\" pipe", "x"]])
    }

    @Test("a CR not followed by LF is data")
    func loneCarriageReturn() throws {
        #expect(rows(try parse("a,b\nx\ry,z\n")) == [["x\ry", "z"]])
    }

    @Test("single column with a quoted empty value")
    func singleColumn() throws {
        let document = try parse("v\n1\n\"\"\n3\n")
        #expect(rows(document) == [["1"], [""], ["3"]])
    }

    @Test("the parallel path gives the same fields, even with quoted newlines across chunk cuts")
    func parallelMatchesSequential() throws {
        var text = "id,text,value\n"
        for row in 0..<400 {
            let note = row % 7 == 0 ? "\"line one\nline \"\"two\"\", with comma\"" : "plain \(row)"
            text += "\(row),\(note),\(Double(row) * 0.25)\(row % 3 == 0 ? "\r\n" : "\n")"
        }
        let sequential = try parse(text)
        for workers in [2, 3, 5, 8] {
            let parallel = try parseInParallel(text, workers: workers)
            #expect(rows(parallel) == rows(sequential))
            #expect((0..<3).map { parallel.line(ofRow: 399 - $0) } == (0..<3).map { sequential.line(ofRow: 399 - $0) })
            #expect(parallel.numericValues(column: 2) == sequential.numericValues(column: 2))
            #expect(parallel.categoricalValues(column: 1) == sequential.categoricalValues(column: 1))
        }
    }

    @Test("bare quotes defeat the parallel guess but not the result")
    func parallelFallback() throws {
        var text = "a,b\n"
        for row in 0..<300 { text += "x\(row)\"y,\(row)\n" }
        #expect(rows(try parseInParallel(text, workers: 4)) == rows(try parse(text)))
    }

    @Test("random byte strings never crash and agree across thread counts")
    func fuzz() {
        var generator = SplitMix64(seed: 42)
        let alphabet: [[UInt8]] = [[0x61], [0x2C], [0x2C], [0x22], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], [0x31], [0x2E], [0xC3, 0xA9], [0xFF]]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 80) {
                bytes += alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            func outcome(_ workers: Int) -> String {
                do {
                    let document = try CSVDocument(input: InputBytes(bytes), name: "f", maxConcurrency: workers, parallelThreshold: 0)
                    return "\(document.columnNames) \(rows(document)) \(document.typedColumns(maxConcurrency: workers))"
                } catch {
                    return error.description
                }
            }
            let sequential = outcome(1)
            #expect(outcome(3) == sequential)
        }
    }
}

/// A small deterministic generator (SplitMix64) for reproducible test inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
