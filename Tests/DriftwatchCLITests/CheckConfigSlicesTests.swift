import Foundation
import Testing

/// `check-config --config FILE` validates the server configuration's slice keys beside the rules.
@Suite("check-config with a server configuration")
struct CheckConfigSlicesTests {
    static func write(_ text: String, to folder: URL) throws -> String {
        let path = folder.appendingPathComponent("driftwatch.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func validSegmentsPassAndAreListed() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = try Self.write(
            "evaluation: {multiple_testing: bh}\nmodels: {shop: {segments: [c0, region], max_segment_values: 2}}\n",
            to: folder)
        let alerts = BinaryRunner.packageRoot.appendingPathComponent("alerts").path
        let output = try BinaryRunner.run(["check-config", alerts, "--config", config])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("shop: c0, region"), "\(output.standardOutput)")
        #expect(output.standardOutput.contains("all valid"))
    }

    @Test func badSliceSettingsFail() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let alerts = BinaryRunner.packageRoot.appendingPathComponent("alerts").path
        for (yaml, word) in [
            ("models: {shop: {segments: [region, region]}}", "twice"),
            ("models: {shop: {max_segment_values: 0}}", "max_segment_values"),
            ("evaluation: {multiple_testing: fdr}", "multiple_testing"),
        ] {
            let output = try BinaryRunner.run(["check-config", alerts, "--config", try Self.write(yaml, to: folder)])
            #expect(output.status == 1, "\(yaml)")
            #expect(output.standardError.contains(word), "\(yaml): \(output.standardError)")
        }
    }
}
