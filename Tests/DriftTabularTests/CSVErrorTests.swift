import Testing
@testable import DriftTabular

@Suite("CSV errors")
struct CSVErrorTests {
    @Test("each malformed input gives its code, line and message", arguments: [
        ("", CSVError.Code.empty, nil as Int?),
        ("\u{FEFF}", .empty, nil),
        ("\n\r\n\n", .empty, nil),
        ("a,b,c\n", .noRows, nil),
        ("a,b,c", .noRows, nil),
        ("a,b\n\n\n", .noRows, nil),
        ("a,b,c\n1,2,3\n4,5\n", .raggedRow, 3),
        ("a,b,c\n1,2,3\n4,5,6,7\n", .raggedRow, 3),
        ("a,b\n\"x\ny\",2\n1,2,3\n", .raggedRow, 4),
        ("a,b\n1,2\n\n\n5\n", .raggedRow, 5),
        ("a,b\r\n1,2\r\n3\r\n", .raggedRow, 3),
        ("a,b\n1,2\n3,\"abc\ndef\n", .unterminatedQuote, 3),
        ("\"a,b\n1,2\n", .unterminatedQuote, 1),
        ("a,b\n1,\"x\"y\n", .unexpectedCharacterAfterQuote, 2),
        ("a,b\n1,\"x\n\"y\n", .unexpectedCharacterAfterQuote, 3),
        ("a,b,a\n1,2,3\n", .duplicateColumn, 1),
        ("\n\nx,x\n1,2\n", .duplicateColumn, 3),
    ])
    func malformed(text: String, code: CSVError.Code, line: Int?) throws {
        let error = try #require(parseError(text))
        #expect(error.code == code)
        #expect(error.line == line)
        #expect(error.file == "t.csv")
        if let line {
            #expect(error.description.hasPrefix("t.csv:\(line): "))
        } else {
            #expect(error.description.hasPrefix("t.csv: "))
        }
    }

    @Test("ragged row message names both counts")
    func raggedMessage() throws {
        let error = try #require(parseError("a,b,c,d,e\n1,2,3,4,5\n" + String(repeating: "1,2,3,4,5\n", count: 14) + "1,2,3,4\n"))
        #expect(error.description == "t.csv:17: row has 4 fields, header has 5")
    }

    @Test("empty and header-only inputs say which")
    func emptyMessages() throws {
        #expect(try #require(parseError("")).description == "t.csv: file is empty (no header row)")
        #expect(try #require(parseError("a\n")).description == "t.csv: file has a header row but no data rows")
    }

    @Test("invalid UTF-8 is reported on its line")
    func invalidUTF8() throws {
        let bytes = Array("a,b\n1,2\n3,".utf8) + [0xC3, 0x28, 0x0A]
        do {
            _ = try CSVDocument(bytes: bytes, name: "u.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.line == 3)
        }
    }

    @Test("errors are the same when the parallel path is forced")
    func parallelErrors() {
        for text in ["a,b\n1,2\n3\n", "a,b\n1,\"x\n", "a\n\"x\"y\n", "a,b\n" + String(repeating: "1,2\n", count: 50) + "1,2,3\n"] {
            var sequential: CSVError?
            var parallel: CSVError?
            do { _ = try parse(text) } catch { sequential = error }
            do { _ = try parseInParallel(text, workers: 4) } catch { parallel = error }
            #expect(sequential != nil)
            #expect(sequential == parallel)
        }
    }

    @Test("missing files and directories")
    func files() {
        do {
            _ = try CSVDocument(contentsOfFile: "/nonexistent/driftwatch/x.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .fileNotFound)
            #expect(error.description == "/nonexistent/driftwatch/x.csv: no such file")
        }
        do {
            _ = try CSVDocument(contentsOfFile: "/", name: "root")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unreadable)
        }
    }
}
