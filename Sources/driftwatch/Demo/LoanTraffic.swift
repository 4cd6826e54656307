import DriftStats
import Foundation

/// Seeded production traffic for the demo's loan-default model, drawn like `scripts/make_examples.py`
/// draws the bundled reference, in three phases:
/// - `stable`: the reference's distributions; the model is as accurate as on its reference.
/// - `covariateDrift`: applicants' incomes fall, credit scores spread out, more loans go to debt
///   consolidation; defaults still follow the same relationship, so accuracy holds while inputs drift.
/// - `conceptDrift`: incomes and purposes as in `covariateDrift`, credit scores bunch up around 630 —
///   where the model is least sure, which its calibrated scores show and estimated performance (CBPE)
///   sees at once — and defaults now depend much more on debt-to-income and less on credit score: the
///   model's scores no longer fit, which only the late labels reveal, and realised accuracy falls
///   further than the estimate.
struct LoanTraffic {
    enum Phase: String {
        case stable = "stable"
        case covariateDrift = "covariate drift"
        case conceptDrift = "concept drift"
    }

    /// One request's events (the served one, and a shadow's when the primary served it) and the label that
    /// will arrive for its id later.
    struct Draw {
        var lines: [String]
        var id: String
        var label: Int
    }

    static let primary = "v1"
    static let canary = "v2"
    static let shadow = "v3"
    /// The canary's share of the requests.
    static let canaryShare = 0.2
    static let regions = ["eu", "us"]
    static let regionWeights = [0.45, 0.55]
    /// The region whose inputs drift first.
    static let earlyRegion = "eu"

    static let employers = [
        "Acme, Inc.", "Globex", "Initech", "Umbrella Corp", "Hooli", "Stark Industries", "self-employed",
    ]
    static let purposes = ["debt_consolidation", "credit_card", "home_improvement", "car", "medical", "other"]
    static let homes = ["RENT", "MORTGAGE", "OWN"]

    private var random: SplitMix64
    /// Draws the region and the serving version, apart from `random`, so that the features, scores and
    /// labels of the whole traffic are drawn from the same sequence as without slices.
    private var routing: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        routing = SplitMix64(seed: seed ^ 0x736C_6963_6573)
    }

    /// A standard normal draw (Box–Muller transform; Box & Muller, Ann. Math. Statist. 29(2), 1958).
    private mutating func gaussian(_ mean: Double, _ sd: Double) -> Double {
        let u1 = random.unit()
        let u2 = random.unit()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    private mutating func choice(_ options: [String], weights: [Double]) -> String {
        choice(options, weights: weights, unit: random.nextUnit())
    }

    private func choice(_ options: [String], weights: [Double], unit: Double) -> String {
        var target = unit * weights.reduce(0, +)
        for (option, weight) in zip(options, weights) {
            target -= weight
            if target < 0 { return option }
        }
        return options[options.count - 1]
    }

    /// One request at `timestamp` (Unix seconds) in `phase`; once `regionDriftStarted`, the
    /// ``earlyRegion``'s inputs drift as in `covariateDrift` although the phase is still `stable`.
    mutating func event(id: String, timestamp: Int64, phase: Phase, regionDriftStarted: Bool = false) -> Draw {
        let region = choice(Self.regions, weights: Self.regionWeights, unit: routing.nextUnit())
        let version = routing.nextUnit() < Self.canaryShare ? Self.canary : Self.primary
        let drifted = phase != .stable || (regionDriftStarted && region == Self.earlyRegion)
        let age = max(18, min(80, gaussian(41, 11).rounded()))
        let income = (exp(gaussian(10.9 - (drifted ? 0.4 : 0), 0.45)) * 100).rounded() / 100
        let credit =
            phase == .conceptDrift
            ? max(300, min(850, gaussian(630, 50).rounded()))
            : max(300, min(850, gaussian(690, drifted ? 110 : 70).rounded()))
        let amount = (min(40_000, max(1_000, exp(gaussian(9.3, 0.6)))) / 100).rounded() * 100
        let dti = (max(0, min(0.65, gaussian(0.22, 0.09))) * 10_000).rounded() / 10_000
        let missingYears = random.nextUnit() < (drifted ? 0.06 : 0.03)
        let years = max(0, min(40, (-log(random.unit()) * 6).rounded()))
        let purpose = choice(
            Self.purposes,
            weights: drifted ? [0.6, 0.14, 0.08, 0.06, 0.06, 0.06] : [0.34, 0.24, 0.14, 0.12, 0.07, 0.09])
        let home = choice(Self.homes, weights: [0.42, 0.4, 0.18])
        let employer = Self.employers[Int(random.next() % UInt64(Self.employers.count))]
        // The model's score: the relationship it was trained on.
        var logit = -1.2 - 0.012 * (credit - 690) + 3.5 * (dti - 0.22) - 0.35 * (log(income) - 10.9)
        logit += purpose == "debt_consolidation" ? 0.4 : 0
        let score = 1 / (1 + exp(-logit))
        // The canary weighs the credit score more and debt-to-income less; the shadow, a retrain candidate,
        // the other way round.
        let creditShift = -0.008 * (credit - 690) - 2 * (dti - 0.22)
        let canaryScore = 1 / (1 + exp(-(logit + creditShift)))
        let shadowScore = 1 / (1 + exp(-(logit - 0.5 * creditShift)))
        // The world's relationship: the same, except under concept drift.
        var truth = logit
        if phase == .conceptDrift {
            truth = -0.9 - 0.002 * (credit - 690) + 9 * (dti - 0.22) - 0.1 * (log(income) - 10.9)
        }
        let label = random.nextUnit() < 1 / (1 + exp(-truth)) ? 1 : 0
        let servedScore = version == Self.canary ? canaryScore : score
        // Serving latency: larger loans run more checks. Derived from the draw's values rather than drawn, so
        // the traffic's random sequence stays as it was.
        let latency = String(format: "%.1f", 12 + amount / 1_000 * 0.9 + 30 * servedScore)
        let years_ = missingYears ? "null" : String(Int(years))
        let body =
            #"{"id":"\#(id)","timestamp":\#(timestamp),"features":{"age":\#(Int(age)),"income":\#(income),"#
            + #""loan_amount":\#(amount),"credit_score":\#(Int(credit)),"debt_to_income":\#(dti),"#
            + #""employment_years":\#(years_),"home_ownership":"\#(home)","purpose":"\#(purpose)","employer":"\#(employer)"},"#
            + #""tags":{"region":"\#(region)"},"#
        func line(_ version: String, _ score: Double, shadow: Bool) -> String {
            body + #""model_version":"\#(version)","# + (shadow ? #""shadow":true,"# : "")
                + #""prediction":\#(score >= 0.5 ? 1 : 0),"score":\#(String(format: "%.6f", score)),"latency_ms":\#(latency)}"#
        }
        var lines = [line(version, servedScore, shadow: false)]
        if version == Self.primary { lines.append(line(Self.shadow, shadowScore, shadow: true)) }
        return Draw(lines: lines, id: id, label: label)
    }
}
