public import DriftEvaluation

extension StatusAssessment {
    /// The reason in one sentence, as the index and model pages show it.
    public var sentence: String { reason.sentence }
}

extension StatusReason {
    /// The reason in one sentence: which window, which number, which limit.
    public var sentence: String {
        switch self {
        case .noWindows:
            return "No window has been evaluated yet."
        case .silent(let start):
            return
                "The window of \(TextFormat.time(start)) has no events although earlier windows had: traffic stopped."
        case .accuracyBelow(let accuracy, let baseline, let margin, let start, let labelled):
            return
                "Accuracy \(TextFormat.number(accuracy)) in the window of \(TextFormat.time(start)) (\(labelled) labelled) is more than \(TextFormat.number(margin)) below the reference's \(TextFormat.number(baseline))."
        case .rmseAbove(let rmse, let baseline, let margin, let start, let labelled):
            return
                "RMSE \(TextFormat.number(rmse)) in the window of \(TextFormat.time(start)) (\(labelled) labelled) is more than \(TextFormat.percent(margin)) above the reference's \(TextFormat.number(baseline))."
        case .drifted(let share, let threshold, let start, let firing):
            return
                "\(TextFormat.percent(share)) of features drifted in the window of \(TextFormat.time(start)) (drifting from \(TextFormat.percent(threshold)))."
                + (firing.isEmpty ? "" : " Firing: \(firing.joined(separator: ", ")).")
        case .firing(let names):
            return "Firing: \(names.joined(separator: ", "))."
        case .healthy:
            return "No drift beyond the rule and performance within its margin."
        }
    }
}

extension StatusRule {
    /// The rule in one paragraph, for the index page.
    var explanation: String {
        "A model has no data until a window has been evaluated. It has no traffic when its latest complete window has no events although earlier ones had. Otherwise it is degraded when, in the latest window with at least \(minimumLabelled) labelled predictions (of the latest \(lookbackWindows) windows), accuracy is more than \(TextFormat.number(accuracyMargin)) below the reference's (for regression: RMSE more than \(TextFormat.percent(rmseMargin)) above it). Otherwise it is drifting when at least \(TextFormat.percent(driftedShareThreshold)) of its features drifted in the latest complete window, or when one of its alerts is firing. Otherwise it is ok. The API reports the same status (status on GET /v1/models)."
    }
}
