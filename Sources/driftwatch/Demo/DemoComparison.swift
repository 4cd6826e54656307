import Foundation

/// The demo's final version comparisons, read from `GET /v1/models/{m}/compare` (the same
/// ``VersionComparison`` the API answers), told in sentences.
struct DemoComparison {
    /// The canary against the primary over the concept-drift phase.
    var canary: [String: Any]
    /// The shadow against the primary over the same range.
    var shadow: [String: Any]
    /// The range compared, as `[from, to)` in milliseconds.
    var from: Int64
    var to: Int64

    static func collect(client: DemoClient, from: Int64, to: Int64) async throws -> DemoComparison {
        func compare(_ b: String) async throws -> [String: Any] {
            try await client.expect(
                200, "GET",
                "/v1/models/\(DemoCommand.model)/compare?a=\(LoanTraffic.primary)&b=\(b)&from=\(from / 1000)&to=\(to / 1000)"
            )
        }
        return DemoComparison(
            canary: try await compare(LoanTraffic.canary), shadow: try await compare(LoanTraffic.shadow), from: from,
            to: to)
    }

    /// `v2 is 3 points worse than v1 in accuracy, 95% CI [−8, 2]: not yet significant (p = 0.260).`
    static func sentence(_ comparison: [String: Any]) -> String {
        let a = (comparison["a"] as? [String: Any])?["version"] as? String ?? "a"
        let b = (comparison["b"] as? [String: Any])?["version"] as? String ?? "b"
        guard let accuracy = (comparison["difference"] as? [String: Any])?["accuracy"] as? [String: Any],
            let estimate = accuracy["estimate"] as? Double, let interval = accuracy["ci95"] as? [Double],
            interval.count == 2, let pvalue = accuracy["pvalue"] as? Double
        else { return "\(b) and \(a) have no labelled events to compare in this range." }
        let points = (estimate * 100).rounded()
        let direction =
            points == 0
            ? "as accurate as \(a)"
            : "\(Int(points.magnitude)) points \(points < 0 ? "worse" : "better") than \(a) in accuracy"
        let bounds = interval.map { Self.points(of: $0) }.joined(separator: ", ")
        let verdict = pvalue < 0.05 ? "significant (\(pText(pvalue)))" : "not yet significant (\(pText(pvalue)))"
        return "\(b) is \(direction), 95% CI [\(bounds)]: \(verdict)."
    }

    /// The shadow's agreement with the primary on the same requests.
    static func pairedSentence(_ comparison: [String: Any]) -> String? {
        let a = (comparison["a"] as? [String: Any])?["version"] as? String ?? "a"
        let b = (comparison["b"] as? [String: Any])?["version"] as? String ?? "b"
        guard let paired = comparison["paired"] as? [String: Any], let count = paired["count"] as? Int, count > 0,
            let agreement = paired["agreement"] as? Double
        else { return nil }
        var text =
            "shadow \(b) scored \(count) of \(a)'s requests and agreed on \(String(format: "%.1f", agreement * 100))%"
        if let mcnemar = paired["mcnemar"] as? [String: Any], let aOnly = mcnemar["a_only_correct"] as? Int,
            let bOnly = mcnemar["b_only_correct"] as? Int, let pvalue = mcnemar["pvalue"] as? Double
        {
            text += "; where they disagree, \(b) was right \(bOnly) times and \(a) \(aOnly) (McNemar \(pText(pvalue)))"
        }
        return text + "."
    }

    func lines() -> [String] {
        let range = "\(TrafficStream.clockText(from)) to \(TrafficStream.clockText(to))"
        var lines = ["Canary, \(range): " + Self.sentence(canary)]
        if let shadowLine = Self.pairedSentence(shadow) {
            lines.append("Shadow: " + Self.sentence(shadow) + " The " + shadowLine)
        }
        return lines
    }

    /// A difference in accuracy as signed whole points, with a real minus sign.
    private static func points(of difference: Double) -> String {
        let value = (difference * 100).rounded()
        return value < 0 ? "−\(Int(-value))" : "\(Int(value))"
    }

    private static func pText(_ pvalue: Double) -> String {
        pvalue < 0.001 ? "p < 0.001" : "p = " + String(format: "%.3f", pvalue)
    }
}
