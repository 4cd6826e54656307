import DriftEvaluation
import DriftStats
import Prometheus

extension ServiceMetrics {
    /// Exports the latest evaluated window of a model as gauges: per feature `driftwatch_feature_psi`,
    /// `_ks_pvalue`, `_chi2_pvalue`, `_jensen_shannon`, `_wasserstein_normed`, `_missing_rate`, `_drift`
    /// (0/1); per model `driftwatch_model_drifted_feature_share`, `_window_events`, `_label_coverage`,
    /// `_window_end_timestamp_seconds` and one gauge per performance metric (`driftwatch_model_accuracy`,
    /// `_f1`, `_roc_auc`, `_rmse`, …) and per estimated performance metric (`driftwatch_model_estimated_accuracy`,
    /// `_estimated_precision`, `_estimated_recall`, `_estimated_f1`, `_estimated_roc_auc`). Final windows are applied oldest first, so each gauge ends at the
    /// latest window that has a value for it (a feature with too few values in the newest window keeps
    /// its last real value); partial windows are used only when no final one was evaluated.
    /// Feature gauges follow ``windowGauges``: none when `feature_gauges` is off, else those of the first
    /// `max_features` features by name.
    func recordLatestWindow(model: String, windows: [WindowResult]) {
        let finals = windows.filter { !$0.partial }
        for window in (finals.isEmpty ? windows : finals).sorted(by: { $0.start < $1.start }) {
            record(model: model, window: window)
        }
    }

    private func record(model: String, window latest: WindowResult) {
        let statistics = latest.statistics
        let exported =
            windowGauges.featureGauges ? Set(statistics.features.keys.sorted().prefix(windowGauges.maxFeatures)) : []
        for (feature, result) in statistics.features where result.isSufficient && exported.contains(feature) {
            let labels = [("model", model), ("feature", feature)]
            let values: [(String, Double?)] = [
                ("psi", result.psi), ("ks_pvalue", result.ks?.pvalue), ("chi2_pvalue", result.chi2?.pvalue),
                ("jensen_shannon", result.jensenShannon), ("wasserstein_normed", result.wassersteinNormed),
                ("missing_rate", result.missingRate), ("drift", result.drift.map { $0 ? 1 : 0 }),
            ]
            for (name, value) in values {
                guard let value else { continue }
                gauge("driftwatch_feature_\(name)", "Latest window's \(name) per feature", labels).set(value)
            }
        }
        let labels = [("model", model)]
        gauge("driftwatch_model_drifted_feature_share", "Share of features that drifted in the latest window", labels)
            .set(statistics.driftedFeatureShare)
        gauge("driftwatch_model_window_events", "Events in the latest window", labels).set(Double(statistics.count))
        gauge("driftwatch_model_label_coverage", "Share of the latest window's events with a label", labels)
            .set(statistics.labelCoverage)
        gauge("driftwatch_model_window_end_timestamp_seconds", "End of the latest evaluated window", labels)
            .set(Double(latest.end) / 1000)
        for (name, value) in statistics.performance?.values ?? [:] {
            gauge("driftwatch_model_\(name)", "Latest window's \(name) on labelled events", labels).set(value)
        }
        gauge("driftwatch_model_throughput_per_second", "Events per second of the latest window", labels)
            .set(latest.throughputPerSecond)
        if let latency = statistics.latency {
            for (name, value) in [("p50", latency.p50), ("p90", latency.p90), ("p99", latency.p99)] {
                gauge("driftwatch_model_latency_\(name)_milliseconds", "Latest window's serving latency \(name)", labels)
                    .set(value)
            }
        }
        if let estimate = statistics.estimatedPerformance {
            for name in EstimatedPerformance.metricNames {
                guard let value = estimate.value(named: name) else { continue }
                gauge("driftwatch_model_estimated_\(name)", "Latest window's \(name) estimated without labels", labels)
                    .set(value)
            }
        }
    }

    private func gauge(_ name: String, _ help: String, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: ServiceMetrics.name(name, help), labels: labels)
    }
}
