public import DriftCore

/// Checks parsed events against a model's schema and the clock: the checks that need more than
/// the event itself (``EventBatchParser`` has done the rest).
///
/// Errors (the batch is refused, 422):
/// - a feature of the schema with a value of the wrong type: a **numeric** feature accepts
///   numbers, booleans (as 0 and 1, like ``ScalarValue/numericValue``) and `null`, and refuses
///   strings, numeric-looking or not; a **categorical** feature accepts every value, since
///   categories may be numeric codes or booleans (``ScalarValue/categoryName``);
/// - a prediction or label of the wrong type: for a regression task it must be a number (or
///   boolean); for classification any value names a class;
/// - a timestamp more than ``Limits/maxFutureMilliseconds`` after `nowMilliseconds`;
/// - a score outside [0, 1].
///
/// Reported, not errors: ids repeated inside the batch (``EventValidation/duplicateIndices``:
/// a repeat is a duplicate, as across requests, so retries and overlapping batches are safe),
/// features missing from the schema, and per-event counts of schema features that are absent
/// or `null`.
public struct EventValidator: Sendable {
    /// The model's schema.
    public let schema: ModelSchema
    /// The limits, for ``Limits/maxFutureMilliseconds``.
    public let limits: Limits
    /// Schema position and type by feature name.
    private let features: [String: (position: Int, type: FeatureType)]

    public init(schema: ModelSchema, limits: Limits = Limits()) {
        self.schema = schema
        self.limits = limits
        var features: [String: (position: Int, type: FeatureType)] = [:]
        for (position, spec) in schema.features.enumerated() where features[spec.name] == nil {
            features[spec.name] = (position, spec.type)
        }
        self.features = features
    }

    /// Validates `events` as of `nowMilliseconds` (Unix epoch milliseconds, taken by the caller).
    public func validate(_ events: [Event], nowMilliseconds: Int64) -> EventValidation {
        var problems = ProblemList()
        var duplicates: [Int] = []
        var unexpected = Set<String>()
        var missing: [Int] = []
        missing.reserveCapacity(events.count)
        var ids = Set<String>(minimumCapacity: events.count)
        let latest = nowMilliseconds.addingReportingOverflow(limits.maxFutureMilliseconds)
        let latestAccepted = latest.overflow ? Int64.max : latest.partialValue
        // Schema lookups by position: events of one batch usually list features in one order.
        var slots: [(name: String, known: (position: Int, type: FeatureType)?)] = []
        // present[position] == stamp when the current event has a value for that schema feature.
        var present = [Int](repeating: -1, count: schema.features.count)

        for (index, event) in events.enumerated() {
            if !ids.insert(event.id).inserted { duplicates.append(index) }
            if event.timestampMilliseconds > latestAccepted {
                problems.add(
                    index: index, field: "timestamp",
                    reason: futureReason(event.timestampMilliseconds, now: nowMilliseconds))
            }
            if let score = event.score, !(score >= 0 && score <= 1) {
                problems.add(
                    index: index, field: "score", reason: "score must be a probability between 0 and 1, found \(score)")
            }
            checkOutcome(event.prediction, field: "prediction", index: index, problems: &problems)
            checkOutcome(event.label, field: "label", index: index, problems: &problems)

            var presentCount = 0
            for slot in event.features.indices {
                let feature = event.features[slot]
                let known: (position: Int, type: FeatureType)?
                if slot < slots.count, slots[slot].name == feature.name {
                    known = slots[slot].known
                } else {
                    known = features[feature.name]
                    if known == nil { unexpected.insert(feature.name) }
                    if slot < slots.count {
                        slots[slot] = (feature.name, known)
                    } else {
                        slots.append((feature.name, known))
                    }
                }
                guard let known else { continue }
                if known.type == .numeric, case .string(let text) = feature.value {
                    problems.add(
                        index: index, field: "features.\(feature.name)",
                        reason:
                            "\"\(feature.name)\" is a numeric feature; send a number or null, "
                            + "not the string \(quoted(text))"
                    )
                }
                if case .null = feature.value { continue }
                if present[known.position] != index {
                    present[known.position] = index
                    presentCount += 1
                }
            }
            missing.append(schema.features.count - presentCount)
        }
        return EventValidation(
            problems: problems.problems, omittedProblemCount: problems.omittedCount,
            invalidEventCount: problems.invalidRecordCount, duplicateIndices: duplicates,
            unexpectedFeatures: unexpected.sorted(), missingFeatureCounts: missing)
    }

    /// Prediction and label types: numeric for regression, anything for classification.
    private func checkOutcome(_ value: ScalarValue?, field: String, index: Int, problems: inout ProblemList) {
        guard schema.predictionType == .numeric, case .string(let text)? = value else { return }
        problems.add(
            index: index, field: field,
            reason: "the model's task is regression, so \(field) must be a number, not the string \(quoted(text))")
    }

    private func futureReason(_ timestamp: Int64, now: Int64) -> String {
        let hours = Double(limits.maxFutureMilliseconds) / 3_600_000
        let ahead = Double(timestamp - now) / 3_600_000
        let aheadText: String
        switch ahead {
        case ..<1: aheadText = "\(Int((ahead * 60).rounded(.up))) min"
        case ..<48: aheadText = "\(Int(ahead.rounded(.down))) h"
        default: aheadText = "\(Int((ahead / 24).rounded(.down))) days"
        }
        return "timestamp \(RFC3339.string(milliseconds: timestamp)) is \(aheadText) in the future; at most "
            + "\(hours.formatted()) h ahead is accepted (check the sender's clock, and that Unix times are in seconds)"
    }

    private func quoted(_ text: String) -> String {
        text.count > 40 ? "\"\(text.prefix(40))…\"" : "\"\(text)\""
    }
}

extension Double {
    /// `24` for whole numbers, `1.5` otherwise.
    fileprivate func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
