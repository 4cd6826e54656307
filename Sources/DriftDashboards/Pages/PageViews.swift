/// A term and its value in a page's facts list.
struct Fact: Sendable {
    var term: String
    var value: String
}

/// How a status is shown: a class for its colour, a symbol so that colour is not the only cue, a label.
struct StatusBadge: Sendable {
    var statusClass: String
    var statusSymbol: String
    var statusLabel: String

    init(_ status: ModelStatus) {
        switch status {
        case .ok: (statusClass, statusSymbol) = ("st-ok", "●")
        case .drifting: (statusClass, statusSymbol) = ("st-drifting", "▲")
        case .degraded: (statusClass, statusSymbol) = ("st-degraded", "▼")
        case .noData: (statusClass, statusSymbol) = ("st-nodata", "○")
        }
        statusLabel = status.rawValue
    }
}

extension StatusRule {
    /// The rule in one paragraph, for the index page.
    var explanation: String {
        "A model has no data until a window has been evaluated. It is degraded when, in the latest window with at least \(minimumLabelled) labelled predictions, accuracy is more than \(TextFormat.number(accuracyMargin)) below the reference's (for regression: RMSE more than \(TextFormat.percent(rmseMargin)) above it). Otherwise it is drifting when at least \(TextFormat.percent(driftedShareThreshold)) of its features drifted in the latest complete window, or when one of its alerts is firing. Otherwise it is ok."
    }
}
