import DriftCore

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
        case .noTraffic: (statusClass, statusSymbol) = ("st-notraffic", "◌")
        }
        statusLabel = status.label
    }
}
