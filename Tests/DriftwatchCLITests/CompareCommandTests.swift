import Foundation
import Testing

/// `driftwatch compare` run as a user runs it: the built binary on real files.
@Suite("driftwatch compare")
struct CompareCommandTests {
    @Test("The examples: a readable table, drifted columns first")
    func examplesTable() throws {
        let output = try BinaryRunner.run(["compare", "examples/loans_reference.csv", "examples/loans_current.csv"])
        #expect(output.status == 0, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("COLUMN") })
        let rows = lines[(header + 1)...].prefix { !$0.isEmpty }
        let verdicts = rows.map { $0.contains(" DRIFT ") }
        #expect(verdicts.contains(true), "the example data has drifted columns")
        #expect(verdicts == verdicts.sorted { $0 && !$1 }, "drifted columns come first")
        #expect(rows.count == 12)
    }

    @Test("--json agrees with the statistics library and has the documented keys")
    func examplesJSON() throws {
        let output = try BinaryRunner.run(["compare", "examples/loans_reference.csv", "examples/loans_current.csv", "--json"])
        #expect(output.status == 0, "\(output.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [[String: Any]])
        let income = try #require(columns.first { $0["name"] as? String == "income" })
        #expect(income["type"] as? String == "numeric")
        #expect((income["ks"] as? [String: Any])?["method"] as? String == "exact")
        #expect(income["chi2"] == nil)
        let purpose = try #require(columns.first { $0["name"] as? String == "purpose" })
        #expect(purpose["type"] as? String == "categorical")
        #expect(purpose["ks"] == nil && purpose["wasserstein_normed"] == nil)
        #expect((purpose["chi2"] as? [String: Any])?["pvalue"] is Double)
        let employment = try #require(columns.first { $0["name"] as? String == "employment_years" })
        let missing = try #require(employment["missing"] as? [String: Int])
        #expect(missing["reference"]! > 0 && missing["current"]! > 0)
        let drifted = columns.filter { $0["drift"] as? Bool == true }.count
        #expect(object["drifted_columns"] as? Int == drifted)
        #expect(object["dataset_drift"] is Bool)
        for column in columns {
            #expect(column["drift_by"] as? String == "psi")
            let psi = try #require(column["psi"] as? Double)
            #expect((column["drift"] as? Bool) == (psi >= 0.2))
        }
    }

    @Test("--fail-on-drift exits 1 when a column drifts, 0 when none does")
    func failOnDrift() throws {
        let drifted = try BinaryRunner.run(["compare", "examples/loans_reference.csv", "examples/loans_current.csv", "--fail-on-drift"])
        #expect(drifted.status == 1)
        let same = try BinaryRunner.run(["compare", "examples/loans_reference.csv", "examples/loans_reference.csv", "--fail-on-drift"])
        #expect(same.status == 0, "\(same.standardError)")
    }

    @Test("--method, --columns and type overrides")
    func options() throws {
        let output = try BinaryRunner.run([
            "compare", "examples/loans_reference.csv", "examples/loans_current.csv", "--json",
            "--method", "ks", "--columns", "age,prediction", "--categorical", "prediction",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(Set(columns.compactMap { $0["name"] as? String }) == ["age", "prediction"])
        let prediction = try #require(columns.first { $0["name"] as? String == "prediction" })
        #expect(prediction["type"] as? String == "categorical")
        #expect(prediction["drift_by"] as? String == "chi2")
        let age = try #require(columns.first { $0["name"] as? String == "age" })
        #expect(age["drift_by"] as? String == "ks")
    }

    /// Writes the two files and runs compare on them.
    private func compare(reference: String, current: String, _ extra: [String] = []) throws -> BinaryRunner.Output {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let referenceURL = folder.appendingPathComponent("reference.csv")
        let currentURL = folder.appendingPathComponent("current.csv")
        try Data(reference.utf8).write(to: referenceURL)
        try Data(current.utf8).write(to: currentURL)
        return try BinaryRunner.run(["compare", referenceURL.path, currentURL.path] + extra)
    }

    @Test("Bad input: exit 2 and one line naming the file and line",
          arguments: [
            ("a,b\n1,2\n3,4\n", "a,b\n1,2\n3\n", "current.csv:3"),
            ("a,b\n1,2\n\"3,4\n", "a,b\n1,2\n", "reference.csv:3"),
            ("", "a,b\n1,2\n", "reference.csv"),
            ("a,b\n1,2\n", "a,b\n,\n,\n", "current.csv"),
          ])
    func badInput(reference: String, current: String, expectedLocation: String) throws {
        let output = try compare(reference: reference, current: current)
        #expect(output.status == 2)
        let lines = output.standardError.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(output.standardError)")
        #expect(output.standardError.contains(expectedLocation), "\(output.standardError)")
    }

    @Test("A missing file is exit 2 naming the file")
    func missingFile() throws {
        let output = try BinaryRunner.run(["compare", "examples/does-not-exist.csv", "examples/loans_current.csv"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("does-not-exist.csv"))
    }

    @Test("A forced-numeric column with text is exit 2 naming file and line")
    func forcedNumeric() throws {
        let output = try compare(reference: "a,b\n1,x\n2,y\n", current: "a,b\n1,x\n2,y\n", ["--numeric", "b"])
        #expect(output.status == 2)
        #expect(output.standardError.contains("reference.csv:2"), "\(output.standardError)")
    }

    @Test("A column in one file only is skipped with a warning")
    func columnInOneFile() throws {
        let output = try compare(reference: "a,b\n1,x\n2,y\n", current: "a,c\n1,x\n2,y\n")
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardError.contains("'b'") && output.standardError.contains("'c'"))
        #expect(output.standardOutput.contains(" of 1 columns drifted"))
    }

    @Test("Quoted fields, embedded commas and newlines, CRLF")
    func rfc4180() throws {
        let reference = "name,amount\r\n\"Acme, Inc.\",1.5\r\n\"multi\nline\",2.5\r\n\"say \"\"hi\"\"\",3\r\n"
        let output = try compare(reference: reference, current: reference, ["--json"])
        #expect(output.status == 0, "\(output.standardError)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(object["columns"] as? [[String: Any]])
        let name = try #require(columns.first { $0["name"] as? String == "name" })
        #expect((name["count"] as? [String: Int])?["reference"] == 3)
        #expect(name["psi"] as? Double == 0)
    }
}
