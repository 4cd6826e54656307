import Foundation
import Testing

/// The command line after hardening: `check-config` warns on receivers aimed at metadata services, and
/// every `curl` command of the README works as written against a real server.
@Suite("Hardening on the command line", .serialized)
struct HardeningCommandTests {
    @Test func checkConfigWarnsOnMetadataAndLinkLocalReceivers() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = """
            receivers:
              - {name: imds, kind: webhook, url: "http://169.254.169.254/latest/meta-data/"}
              - {name: gcp, kind: webhook, url: "http://metadata.google.internal/computeMetadata/v1/"}
              - {name: local, kind: alertmanager, url: "http://[fe80::1]:9093"}
              - {name: fine, kind: webhook, url: "https://hooks.example.com/x?token=1"}
            rules:
              - {name: psi-high, metric: psi, op: ">=", threshold: 0.2, receivers: [imds, gcp, local, fine]}
            """
        try rules.write(to: folder.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let output = try BinaryRunner.run(["check-config", folder.path])
        #expect(output.status == 0, "warnings do not fail the check: \(output.standardError)")
        let warnings = output.standardError.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(warnings.count == 3, "\(output.standardError)")
        #expect(output.standardError.contains("receiver 'imds'") && output.standardError.contains("169.254.169.254"))
        #expect(output.standardError.contains("receiver 'gcp'"))
        #expect(output.standardError.contains("receiver 'local'") && output.standardError.contains("link-local"))
        #expect(!output.standardError.contains("receiver 'fine'"))
    }

    /// The README's `curl` block, run by bash as a reader would paste it (with `--fail-with-body` so a 4xx
    /// fails the script), against the built binary on a free port.
    @Test func theREADMECurlCommandsWorkAsWritten() async throws {
        let readme = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```sh\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let curlBlocks = blocks.filter { $0.contains("curl ") && $0.contains("localhost:8080") }
        #expect(!curlBlocks.isEmpty)
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ServerProcess(databasePath: folder.appendingPathComponent("readme.sqlite").path)
        defer { server.stop() }
        for block in curlBlocks {
            let script = "set -euo pipefail\n"
                + block.replacingOccurrences(of: "curl ", with: "curl --fail-with-body -sS -o /dev/null ")
                .replacingOccurrences(of: "localhost:8080", with: "127.0.0.1:\(server.port)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = BinaryRunner.packageRoot
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "README block failed: \(message)\n\(block)")
        }
        let (status, body) = try await server.request("GET", "/v1/models/loans")
        #expect(status == 200)
        let model = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        let counts = model?["counts"] as? [String: Int]
        // req-1, then req-7 under v1 and under the shadow v3 (two events: identity includes model_version).
        #expect(counts?["events"] == 3 && counts?["labels_matched"] == 1, "the README's events and label were stored")
    }
}
