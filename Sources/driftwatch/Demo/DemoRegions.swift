import DriftCore
import DriftEvaluation
import Foundation

/// When each region's inputs first drifted, read from its segment's windows
/// (`GET /v1/models/{m}/windows?slice=region:VALUE`) beside the whole model's.
struct DemoRegions {
    /// Slice (`region:eu`, or `whole model`) → start (ms) of its first window with a drifted feature.
    var firstDrift: [(name: String, start: Int64?)] = []

    static func collect(client: DemoClient) async throws -> DemoRegions {
        func first(_ query: String) async throws -> Int64? {
            let list = try await client.expect(200, "GET", "/v1/models/\(DemoCommand.model)/windows\(query)")
            let drifted = (list["windows"] as? [[String: Any]] ?? []).first { window in
                (window["features"] as? [String: [String: Any]] ?? [:]).values.contains { $0["drift"] as? Bool == true }
            }
            return (drifted?["start"] as? String).flatMap(RFC3339.milliseconds)
        }
        var regions = DemoRegions()
        for region in LoanTraffic.regions {
            let slice = "\(DemoCommand.segmentKey):\(region)"
            regions.firstDrift.append((slice, try await first("?slice=\(slice)")))
        }
        regions.firstDrift.append(("the whole model", try await first("")))
        return regions
    }

    /// `First drifted window: region:eu 2026-01-05 04:00, region:us 2026-01-05 08:00, the whole model …`
    func line() -> String {
        "First window with a drifted feature: "
            + firstDrift.map { "\($0.name) \($0.start.map(TrafficStream.clockText) ?? "none")" }.joined(separator: ", ")
            + "."
    }
}
