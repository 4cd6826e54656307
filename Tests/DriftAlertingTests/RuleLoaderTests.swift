import DriftAlerting
import Foundation
import Testing

/// The package root: this file is `Tests/DriftAlertingTests/RuleLoaderTests.swift`.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The fixture directory shipped with the test target.
let fixtures = packageRoot.appendingPathComponent("Tests/DriftAlertingTests/Fixtures")

/// What a broken fixture's first comment says its error must be: `# expect: LINE:COLUMN CODE WORD`.
struct ExpectedRuleError {
    var line: Int
    var column: Int
    var code: String
    /// A word the message must contain (usually the key or value at fault).
    var word: String

    /// Every `# expect:` line of `text`.
    static func all(in text: String) -> [ExpectedRuleError] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("# expect: ") else { return nil }
            let parts = line.dropFirst("# expect: ".count).split(separator: " ")
            let position = parts[0].split(separator: ":")
            return ExpectedRuleError(
                line: Int(position[0])!, column: Int(position[1])!, code: String(parts[1]), word: String(parts[2]))
        }
    }
}

@Suite struct RuleLoaderTests {
    @Test func shippedExampleRulesLoad() throws {
        let set = try RuleLoader.load(directory: packageRoot.appendingPathComponent("alerts").path)
        let ruleNames = Set(set.rules.map(\.name))
        for name in ["feature-drift", "many-features-drifted", "accuracy-drop", "missing-rate-spike", "volume-drop",
            "sustained-drift-retrain"]
        {
            #expect(ruleNames.contains(name), "alerts/ should ship the rule \(name)")
        }
        #expect(set.receivers.contains { $0.kind == .retrain })
        #expect(set.receivers.contains { $0.kind == .alertmanager })
        for rule in set.rules {
            for receiver in rule.receivers { #expect(set.receiver(named: receiver) != nil) }
        }
    }

    static let brokenFiles: [String] = {
        let directory = fixtures.appendingPathComponent("broken").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }()

    @Test func everyBrokenFixtureIsListed() {
        #expect(Self.brokenFiles.count >= 15)
    }

    @Test(arguments: brokenFiles)
    func brokenRuleFailsAtItsLine(file: String) throws {
        let path = fixtures.appendingPathComponent("broken/\(file)").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let expected = ExpectedRuleError.all(in: text)
        try #require(!expected.isEmpty, "\(file) has no '# expect:' line")
        let errors = try #require(throws: RuleErrors.self) {
            try RuleLoader.load(files: [RuleFile(path: file, text: text)])
        }
        for expectation in expected {
            let match = errors.errors.first {
                $0.location.line == expectation.line && $0.location.column == expectation.column
                    && $0.code.rawValue == expectation.code
            }
            #expect(match != nil, "\(file): expected \(expectation) among \(errors.description)")
            if let match {
                #expect(match.message.contains(expectation.word), "\(match.message) should name \(expectation.word)")
                #expect(match.description.hasPrefix("\(file):\(expectation.line):\(expectation.column): "))
            }
        }
    }

    @Test func duplicatesAcrossFilesAreReportedInTheSecondFile() throws {
        let directory = fixtures.appendingPathComponent("duplicates").path
        let errors = try #require(throws: RuleErrors.self) { try RuleLoader.load(directory: directory) }
        let text = try String(contentsOfFile: directory + "/b.yaml", encoding: .utf8)
        for expectation in ExpectedRuleError.all(in: text) {
            #expect(
                errors.errors.contains {
                    $0.location.file.hasSuffix("b.yaml") && $0.location.line == expectation.line
                        && $0.location.column == expectation.column && $0.code.rawValue == expectation.code
                }, "expected \(expectation) in \(errors.description)")
        }
    }
}
