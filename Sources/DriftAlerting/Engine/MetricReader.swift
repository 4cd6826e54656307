public import DriftEvaluation
import DriftStats

/// Reads the value a rule watches out of an evaluated window.
///
/// - Feature-level metrics read each feature whose name matches the rule's feature glob; the prediction
///   is addressed as the feature `prediction` when the glob is exactly that word (so `*` never mixes the
///   prediction into feature drift), unless the model has a real feature of that name.
/// - Performance metrics need at least `min_samples` labelled events in the window; with fewer the
///   window has no value for the rule (it is consumed later, when late labels re-evaluate it).
///   `precision`, `recall` and `f1` read the macro averages for multiclass models.
/// - Estimated performance metrics (`estimated_accuracy`, …) read the window's `estimated_performance`,
///   which needs no labels, only `min_samples` events it was estimated from; their `baseline: reference`
///   is the realised metric on the reference (what the estimate would be if nothing had changed).
/// - A value is absent (nil) when the window has none: a feature with insufficient data has only its
///   `missing_rate`; a categorical feature has no KS; a rule with a baseline needs the reference's value.
/// - `throughput_per_second` is the window's events over its length (``Throughput``). The latency
///   percentiles have no value until evaluated windows carry `latency` (the streaming evaluator of
///   issue 15 adds it); rules on them load and validate, and start counting then.
public enum MetricReader {
    /// The name under which rules address the prediction.
    public static let predictionFeature = "prediction"

    /// The features of `window` that `rule` watches, in name order (empty for a model-level rule).
    public static func features(of window: WindowResult, for rule: AlertRule) -> [String] {
        guard let glob = rule.feature else { return [] }
        var names = window.statistics.features.keys.filter { glob.matches($0) }.sorted()
        if glob.pattern == predictionFeature, window.statistics.features[predictionFeature] == nil,
            window.statistics.prediction != nil
        {
            names = [predictionFeature]
        }
        return names
    }

    /// The compared value and the baseline's value (nil without a baseline) of `rule` for `feature` (nil
    /// for a model-level rule) in `window`, or nil when the window has no value for it.
    public static func value(of rule: AlertRule, feature: String?, in window: WindowResult)
        -> (value: Double, baseline: Double?)?
    {
        let statistics = window.statistics
        if let feature {
            let result =
                statistics.features[feature]
                ?? (feature == predictionFeature ? statistics.prediction : nil)
            guard let result else { return nil }
            return featureValue(rule.metric, result).map { ($0, nil) }
        }
        switch rule.metric {
        case .volume: return (Double(statistics.count), nil)
        case .throughputPerSecond: return (window.throughputPerSecond, nil)
        case .latencyP50: return statistics.latency.map { ($0.p50, nil) }
        case .latencyP90: return statistics.latency.map { ($0.p90, nil) }
        case .latencyP99: return statistics.latency.map { ($0.p99, nil) }
        case .driftedFeatureShare:
            let decided = statistics.features.values.contains { $0.drift != nil }
            return decided ? (statistics.driftedFeatureShare, nil) : nil
        case let metric where metric.estimated != nil:
            guard let realised = metric.estimated, let estimate = statistics.estimatedPerformance,
                estimate.count >= statistics.minSamples, let measured = estimate.value(named: realised.rawValue)
            else { return nil }
            return withBaseline(measured, realised, rule, statistics)
        default:
            guard statistics.labelled >= statistics.minSamples,
                let measured = performanceValue(rule.metric, statistics.performance?.values)
            else { return nil }
            return withBaseline(measured, rule.metric, rule, statistics)
        }
    }

    /// `measured` as the rule compares it: itself without a baseline, minus the reference's value of the
    /// realised `metric` with `baseline: reference` (nil when the reference has none).
    private static func withBaseline(
        _ measured: Double, _ metric: AlertMetric, _ rule: AlertRule, _ statistics: WindowStatistics
    ) -> (value: Double, baseline: Double?)? {
        guard let baselineKind = rule.baseline else { return (measured, nil) }
        switch baselineKind {
        case .reference:
            guard let reference = performanceValue(metric, statistics.referencePerformance?.values) else { return nil }
            return (measured - reference, reference)
        }
    }

    private static func featureValue(_ metric: AlertMetric, _ result: FeatureResult) -> Double? {
        switch metric {
        case .psi: result.psi
        case .ksPValue: result.ks?.pvalue
        case .ksStatistic: result.ks?.statistic
        case .chi2PValue: result.chi2?.pvalue
        case .jensenShannon: result.jensenShannon
        case .wassersteinNormed: result.wassersteinNormed
        case .missingRate: result.missingRate
        default: nil
        }
    }

    private static func performanceValue(_ metric: AlertMetric, _ values: [String: Double]?) -> Double? {
        guard let values else { return nil }
        switch metric {
        case .precision, .recall, .f1: return values[metric.rawValue] ?? values["macro_\(metric.rawValue)"]
        default: return values[metric.rawValue]
        }
    }
}
