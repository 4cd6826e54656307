import DriftAlerting
import DriftEvaluation
import Prometheus

extension ServiceMetrics {
    /// Exports the latest final window of the slices that `metrics.slice_gauges` or an alert rule of the
    /// model asks for (API.md, "Slices") as the model-level gauges of ``recordLatestWindow(model:windows:)``
    /// with a `slice` label (`KEY:VALUE`): `driftwatch_model_drifted_feature_share`, `_window_events`,
    /// `_label_coverage` and one per performance metric. No per-feature gauges for slices.
    ///
    /// Cardinality is bounded: at most `metrics.max_slices` slices per model (the first by name) and a
    /// fixed number of gauges per slice; a segment key has at most `max_segment_values` + 2 slices.
    /// The whole model's series carry no `slice` label (in PromQL, `slice=""` selects them).
    ///
    /// - Parameters:
    ///   - rules: the alert rules in force; a rule of `model` with `slices:` other than `whole` asks for
    ///     the slices its scope covers.
    func recordSliceWindows(model: String, windows: [SlicedWindow], rules: [AlertRule]) {
        let scopes = [windowGauges.sliceGauges] + rules.filter { $0.model.matches(model) }.map(\.slices)
        var latest: [String: SlicedWindow] = [:]
        for window in windows where !window.window.partial {
            guard let slice = window.slice?.sliceKey, scopes.contains(where: { $0.covers(slice) }) else { continue }
            let name = slice.description
            if let kept = latest[name], kept.window.start > window.window.start { continue }
            latest[name] = window
        }
        for name in latest.keys.sorted().prefix(windowGauges.maxSlices) {
            guard let statistics = latest[name]?.window.statistics else { continue }
            let labels = [("model", model), ("slice", name)]
            registry.makeGauge(
                descriptor: ServiceMetrics.name(
                    "driftwatch_model_drifted_feature_share", "Share of features that drifted in the latest window"),
                labels: labels
            ).set(statistics.driftedFeatureShare)
            registry.makeGauge(
                descriptor: ServiceMetrics.name("driftwatch_model_window_events", "Events in the latest window"),
                labels: labels
            ).set(Double(statistics.count))
            registry.makeGauge(
                descriptor: ServiceMetrics.name(
                    "driftwatch_model_label_coverage", "Share of the latest window's events with a label"),
                labels: labels
            ).set(statistics.labelCoverage)
            for (metric, value) in statistics.performance?.values ?? [:] {
                registry.makeGauge(
                    descriptor: ServiceMetrics.name(
                        "driftwatch_model_\(metric)", "Latest window's \(metric) on labelled events"),
                    labels: labels
                ).set(value)
            }
        }
    }

    /// Whether any slice of `model` gets gauges: `metrics.slice_gauges` is not `none` or a rule of the
    /// model watches slices.
    func wantsSliceGauges(model: String, rules: [AlertRule]) -> Bool {
        windowGauges.sliceGauges != .whole || rules.contains { $0.slices != .whole && $0.model.matches(model) }
    }
}
