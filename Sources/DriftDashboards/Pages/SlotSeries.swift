import DriftEvaluation
import DriftStats

/// Spreads per-window values over the slots of a model's ``TimeAxis``.
enum SlotSeries {
    /// One entry per slot: `value(window)` for the window in the slot, nil where no window is (or the
    /// value is nil or not finite). A later window replaces an earlier one in the same slot.
    static func values(_ windows: [WindowResult], axis: TimeAxis, _ value: (WindowResult) -> Double?) -> [Double?] {
        var slots = [Double?](repeating: nil, count: axis.slots)
        for window in windows {
            let slot = axis.slot(of: window.start)
            guard slots.indices.contains(slot) else { continue }
            if let number = value(window), number.isFinite { slots[slot] = number } else { slots[slot] = nil }
        }
        return slots
    }

    /// The finite values present.
    static func present(_ values: [Double?]) -> [Double] {
        values.compactMap { $0 }.filter(\.isFinite)
    }

    /// Vertical markers where the reference version changes from one window to the next.
    static func referenceChanges(_ windows: [WindowResult]) -> [LineChart.Marker] {
        var markers: [LineChart.Marker] = []
        for (previous, window) in zip(windows, windows.dropFirst())
        where previous.referenceVersion != window.referenceVersion {
            markers.append(LineChart.Marker(time: window.start, label: "reference v\(window.referenceVersion)"))
        }
        return markers
    }
}

extension WindowStatistics {
    /// The PSI threshold for charts: the window's own when it decides by PSI, else PSI's default.
    var psiThreshold: Double {
        driftMethod == .psi ? driftThreshold : DriftMethod.psi.defaultThreshold
    }

    /// The p-value threshold for charts: the window's own when it decides by KS or χ², else 0.05.
    var pValueThreshold: Double {
        driftMethod.isPValue ? driftThreshold : DriftMethod.ks.defaultThreshold
    }
}

extension FeatureResult {
    /// The test's p-value: KS for numeric features, χ² for categorical ones.
    var pValue: Double? { ks?.pvalue ?? chi2?.pvalue }

    /// Out-of-range share (numeric) or unseen share (categorical).
    var outsideShare: Double? { outOfRangeShare ?? unseenShare }
}
