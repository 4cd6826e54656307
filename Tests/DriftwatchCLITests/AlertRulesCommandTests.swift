import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `check-config`, and `serve` with a rule directory: refusing bad rules and unset secrets, reloading on SIGHUP.
@Suite("Alert rules on the command line", .serialized)
struct AlertRulesCommandTests {
    static let validRules = """
        receivers:
          - {name: oncall, kind: webhook, url: "http://127.0.0.1:9/hook", secret_env: DRIFTWATCH_TEST_SECRET}
        rules:
          - {name: psi-high, metric: psi, op: ">=", threshold: 0.2, receivers: [oncall]}
        """
    static let secret = "whsec_" + Data(repeating: 42, count: 32).base64EncodedString()

    @Test func theShippedExamplesPassCheckConfig() throws {
        let output = try BinaryRunner.run(["check-config", BinaryRunner.packageRoot.appendingPathComponent("alerts").path])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("all valid"))
    }

    @Test func checkConfigPrintsEveryBrokenRuleWithItsLine() throws {
        let broken = BinaryRunner.packageRoot.appendingPathComponent("Tests/DriftAlertingTests/Fixtures/broken")
        let output = try BinaryRunner.run(["check-config", broken.path])
        #expect(output.status == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: broken.path).filter { $0.hasSuffix(".yaml") }
        for file in files {
            let text = try String(contentsOf: broken.appendingPathComponent(file), encoding: .utf8)
            guard let expect = text.split(separator: "\n").first(where: { $0.hasPrefix("# expect: ") }) else { continue }
            let position = expect.dropFirst("# expect: ".count).split(separator: " ")[0]
            #expect(output.standardError.contains("\(file):\(position): "), "\(file) should be reported at \(position)")
        }
        #expect(try BinaryRunner.run(["check-config", "/nonexistent-rules"]).status == 2)
    }

    @Test func serveRefusesInvalidRulesAndUnsetSecrets() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("alerts")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try "rules:\n  - name: x\n    metric: psi\n    op: '>='\n    treshold: 1\n    receivers: [nobody]\n"
            .write(to: rules.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("db.sqlite").path
        let invalid = try BinaryRunner.run(["serve", "--port", "0", "--db", database, "--alerts", rules.path])
        #expect(invalid.status == 2)
        #expect(invalid.standardError.contains("bad.yaml:5:5: "), "\(invalid.standardError)")

        try Self.validRules.write(to: rules.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let unset = try BinaryRunner.run(["serve", "--port", "0", "--db", database, "--alerts", rules.path])
        #expect(unset.status == 2)
        #expect(unset.standardError.contains("DRIFTWATCH_TEST_SECRET"), "\(unset.standardError)")
    }

    @Test func sighupReloadsRulesAndKeepsThemWhenTheNewOnesAreInvalid() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("alerts")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        let file = rules.appendingPathComponent("rules.yaml")
        try Self.validRules.write(to: file, atomically: true, encoding: .utf8)
        let server = try await ServerProcess(
            databasePath: folder.appendingPathComponent("db.sqlite").path, extraArguments: ["--alerts", rules.path],
            environment: ["DRIFTWATCH_TEST_SECRET": Self.secret])
        defer { server.stop() }
        #expect(try await metric(server, "driftwatch_rules_loaded") == 1)

        try (Self.validRules + "\n  - {name: second, metric: volume, op: '<', threshold: 10, receivers: [oncall]}\n")
            .write(to: file, atomically: true, encoding: .utf8)
        server.send(signal: SIGHUP)
        #expect(try await waitForMetric(server, "driftwatch_rules_loaded", equal: 2))

        try "rules: [{name: broken}]\n".write(to: file, atomically: true, encoding: .utf8)
        server.send(signal: SIGHUP)
        #expect(try await waitForMetric(server, #"driftwatch_rule_reloads_total{outcome="failure"}"#, equal: 1))
        #expect(try await metric(server, "driftwatch_rules_loaded") == 2, "the previous rules stay in force")
        let (status, _) = try await server.request("GET", "/healthz")
        #expect(status == 200)
    }

    /// The value of the sample `name` (with its labels, if any) in `/metrics`.
    private func metric(_ server: ServerProcess, _ name: String) async throws -> Double? {
        let (_, body) = try await server.request("GET", "/metrics")
        let text = String(decoding: body, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    private func waitForMetric(_ server: ServerProcess, _ name: String, equal value: Double) async throws -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if try await metric(server, name) == value { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
