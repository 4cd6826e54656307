import Yams

/// Reads one entry of a file's `rules:` list.
enum RuleParser {
    static let knownKeys = [
        "name", "model", "feature", "metric", "op", "threshold", "baseline", "for", "severity", "labels", "annotations", "receivers",
        "slices",
    ]
    static let requiredKeys = ["name", "metric", "op", "threshold", "receivers"]

    /// The rule declared by `node`, or nil after recording its problems in `reader`.
    /// `declared` receives the rule's name as soon as it is known, even when other keys are wrong.
    static func parse(_ node: Node, reader: inout NodeReader, declared: inout [(String, SourceLocation)])
        -> ParsedFile.ParsedRule?
    {
        let before = reader.errors.count
        let nameValue = node.mapping?["name"].flatMap { $0.scalar?.string }
        let what = nameValue.map { "rule '\($0)'" } ?? "rule"
        guard let fields = reader.fields(of: node, as: what, known: knownKeys, required: requiredKeys) else { return nil }

        let name = reader.entryName(fields, of: "rule", declared: &declared)
        let model = fields["model"].map { reader.string($0, key: "model").map(Glob.init) } ?? .any
        let metric = fields["metric"].flatMap { reader.choice($0, key: "metric", as: AlertMetric.self) }
        let feature = parseFeature(fields, metric: metric, reader: &reader)
        let op = fields["op"].flatMap { reader.choice($0, key: "op", as: ComparisonOperator.self) }
        let threshold = fields["threshold"].flatMap { reader.number($0, key: "threshold") }
        let baseline = parseBaseline(fields, metric: metric, reader: &reader)
        let forWindows = parseFor(fields, reader: &reader)
        let severity = fields["severity"].map { reader.choice($0, key: "severity", as: AlertSeverity.self) } ?? .warning
        let labels = parseLabels(fields, reader: &reader)
        let annotations = parseAnnotations(fields, reader: &reader)
        let receivers = parseReceivers(fields, reader: &reader)
        let slices = fields["slices"].map { reader.choice($0, key: "slices", as: AlertSliceScope.self) } ?? .whole

        guard reader.errors.count == before, let name, let model, let metric, let feature, let op, let threshold,
            let baseline, let forWindows, let severity, let labels, let annotations, let receivers, let slices,
            let nameNode = fields["name"]
        else { return nil }
        let rule = AlertRule(
            name: name, model: model, feature: feature, metric: metric, op: op, threshold: threshold,
            baseline: baseline, forWindows: forWindows, severity: severity, labels: labels, annotations: annotations,
            receivers: receivers.map(\.0), location: reader.location(of: node), slices: slices)
        return ParsedFile.ParsedRule(
            rule: rule, nameLocation: reader.location(of: nameNode),
            receiverLocations: receivers.map { reader.location(of: $0.1) })
    }

    /// `.some(nil)` for a model-level metric (no feature), `.some(glob)` for a feature-level one
    /// (`*` when omitted), nil after an error.
    private static func parseFeature(_ fields: MappingFields, metric: AlertMetric?, reader: inout NodeReader) -> Glob??
    {
        guard let featureNode = fields["feature"] else {
            return .some(metric?.scope == .feature ? Glob.any : nil)
        }
        guard let pattern = reader.string(featureNode, key: "feature") else { return nil }
        if let metric, metric.scope == .model {
            reader.fail(
                .notApplicable,
                "'feature' does not apply to model-level metric '\(metric.rawValue)'; remove the 'feature' key",
                at: fields.keys["feature"] ?? featureNode)
            return nil
        }
        return .some(Glob(pattern))
    }

    /// `.some(nil)` without a baseline, `.some(.reference)` with one, nil after an error.
    private static func parseBaseline(_ fields: MappingFields, metric: AlertMetric?, reader: inout NodeReader)
        -> AlertBaseline??
    {
        guard let baselineNode = fields["baseline"] else { return .some(nil) }
        guard let baseline = reader.choice(baselineNode, key: "baseline", as: AlertBaseline.self) else { return nil }
        if let metric, !metric.isPerformance {
            reader.fail(
                .notApplicable,
                "'baseline' applies to performance metrics only (accuracy, precision, recall, f1, roc_auc, mae, "
                    + "rmse and the estimated_ ones), not '\(metric.rawValue)'; remove it",
                at: fields.keys["baseline"] ?? baselineNode)
            return nil
        }
        return .some(baseline)
    }

    private static func parseFor(_ fields: MappingFields, reader: inout NodeReader) -> Int? {
        guard let forNode = fields["for"] else { return 1 }
        guard let count = reader.integer(forNode, key: "for") else { return nil }
        guard count >= 1 else {
            reader.fail(.invalidValue, "'for' counts consecutive evaluated windows and must be at least 1, got \(count)", at: forNode)
            return nil
        }
        return count
    }

    private static func parseLabels(_ fields: MappingFields, reader: inout NodeReader) -> [String: String]? {
        guard let labelsNode = fields["labels"] else { return [:] }
        guard let entries = reader.stringMap(labelsNode, key: "labels") else { return nil }
        var labels: [String: String] = [:]
        var ok = true
        for entry in entries {
            if ValueRules.reservedLabels.contains(entry.name) {
                reader.fail(
                    .invalidValue, "label '\(entry.name)' is set by Driftwatch on every alert and cannot be overridden",
                    at: entry.keyNode)
                ok = false
            } else if !ValueRules.isLabelName(entry.name) {
                reader.fail(
                    .invalidValue, "label name '\(entry.name)' must match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus label names)",
                    at: entry.keyNode)
                ok = false
            } else {
                labels[entry.name] = entry.value
            }
        }
        return ok ? labels : nil
    }

    private static func parseAnnotations(_ fields: MappingFields, reader: inout NodeReader) -> [String: String]? {
        guard let annotationsNode = fields["annotations"] else { return [:] }
        guard let entries = reader.stringMap(annotationsNode, key: "annotations") else { return nil }
        var annotations: [String: String] = [:]
        var ok = true
        let known = AlertRule.placeholders.sorted()
        for entry in entries {
            guard let names = ValueRules.placeholders(in: entry.value) else {
                reader.fail(.invalidValue, "annotation '\(entry.name)' has a '{{' without a closing '}}'", at: entry.valueNode)
                ok = false
                continue
            }
            for placeholder in names where !AlertRule.placeholders.contains(placeholder) {
                let hint = ClosestMatch.hint(for: placeholder, among: known)
                reader.fail(
                    .invalidValue,
                    "annotation '\(entry.name)' uses unknown placeholder '{{\(placeholder)}}'\(hint) "
                        + "(known: \(known.joined(separator: ", ")))",
                    at: entry.valueNode)
                ok = false
            }
            annotations[entry.name] = entry.value
        }
        return ok ? annotations : nil
    }

    private static func parseReceivers(_ fields: MappingFields, reader: inout NodeReader) -> [(String, Node)]? {
        guard let receiversNode = fields["receivers"], let names = reader.strings(receiversNode, key: "receivers")
        else { return nil }
        guard !names.isEmpty else {
            reader.fail(.invalidValue, "'receivers' must name at least one receiver", at: receiversNode)
            return nil
        }
        return names
    }
}
