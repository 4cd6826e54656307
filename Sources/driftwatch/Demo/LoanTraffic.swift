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

    /// One event and the label that will arrive for it later.
    struct Draw {
        var json: String
        var id: String
        var label: Int
    }

    static let employers = ["Acme, Inc.", "Globex", "Initech", "Umbrella Corp", "Hooli", "Stark Industries", "self-employed"]
    static let purposes = ["debt_consolidation", "credit_card", "home_improvement", "car", "medical", "other"]
    static let homes = ["RENT", "MORTGAGE", "OWN"]

    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// A standard normal draw (Box–Muller transform; Box & Muller, Ann. Math. Statist. 29(2), 1958).
    private mutating func gaussian(_ mean: Double, _ sd: Double) -> Double {
        let u1 = random.unit()
        let u2 = random.unit()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    private mutating func choice(_ options: [String], weights: [Double]) -> String {
        var target = random.nextUnit() * weights.reduce(0, +)
        for (option, weight) in zip(options, weights) {
            target -= weight
            if target < 0 { return option }
        }
        return options[options.count - 1]
    }

    /// One event at `timestamp` (Unix seconds) in `phase`.
    mutating func event(id: String, timestamp: Int64, phase: Phase) -> Draw {
        let drifted = phase != .stable
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
            Self.purposes, weights: drifted ? [0.6, 0.14, 0.08, 0.06, 0.06, 0.06] : [0.34, 0.24, 0.14, 0.12, 0.07, 0.09])
        let home = choice(Self.homes, weights: [0.42, 0.4, 0.18])
        let employer = Self.employers[Int(random.next() % UInt64(Self.employers.count))]
        // The model's score: the relationship it was trained on.
        var logit = -1.2 - 0.012 * (credit - 690) + 3.5 * (dti - 0.22) - 0.35 * (log(income) - 10.9)
        logit += purpose == "debt_consolidation" ? 0.4 : 0
        let score = 1 / (1 + exp(-logit))
        // The world's relationship: the same, except under concept drift.
        var truth = logit
        if phase == .conceptDrift {
            truth = -0.9 - 0.002 * (credit - 690) + 9 * (dti - 0.22) - 0.1 * (log(income) - 10.9)
        }
        let label = random.nextUnit() < 1 / (1 + exp(-truth)) ? 1 : 0
        let scoreText = String(format: "%.6f", score)
        // Serving latency: larger loans run more checks. Derived from the draw's values rather than drawn, so
        // the traffic's random sequence (and every statistic the demo prints) stays as it was.
        let latency = String(format: "%.1f", 12 + amount / 1_000 * 0.9 + 30 * score)
        let years_ = missingYears ? "null" : String(Int(years))
        let json =
            #"{"id":"\#(id)","timestamp":\#(timestamp),"features":{"age":\#(Int(age)),"income":\#(income),"# + #""loan_amount":\#(amount),"credit_score":\#(Int(credit)),"debt_to_income":\#(dti),"#
            + #""employment_years":\#(years_),"home_ownership":"\#(home)","purpose":"\#(purpose)","employer":"\#(employer)"},"#
            + #""prediction":\#(score >= 0.5 ? 1 : 0),"score":\#(scoreText),"latency_ms":\#(latency)}"#
        return Draw(json: json, id: id, label: label)
    }
}
