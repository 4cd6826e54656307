public import DriftStats

extension ModelSchema {
    /// The performance metrics of the task over the rows that have both a label and a prediction
    /// (STATISTICS.md, "Performance metrics").
    ///
    /// - binary: a label or prediction is positive when its ``ScalarValue/categoryName`` equals
    ///   ``positiveLabel`` (`"1"` when the schema names none). The scores give ROC AUC and log loss only
    ///   when every counted row has one (a NaN score drops both metrics for the rows given, rather than
    ///   computing them on a different subset than the accuracy).
    /// - multiclass: labels and predictions are compared by category name.
    /// - regression: labels and predictions are compared by ``ScalarValue/numericValue``; a row whose
    ///   label or prediction is not a finite number is not counted.
    ///
    /// - Parameters:
    ///   - labels: the ground truth per row, nil (or `.null`) where unknown.
    ///   - predictions: the prediction per row, nil (or `.null`) where absent.
    ///   - scores: optionally, the probability of the positive class per row, NaN where absent.
    /// - Returns: nil when no row has both a label and a prediction.
    /// - Precondition: the arrays have equal lengths.
    public func performance(labels: [ScalarValue?], predictions: [ScalarValue?], scores: [Double]?)
        -> PerformanceMetrics?
    {
        precondition(labels.count == predictions.count, "one prediction per label")
        if let scores { precondition(scores.count == labels.count, "one score per label") }
        switch task {
        case .binary:
            return binaryPerformance(labels: labels, predictions: predictions, scores: scores)
        case .multiclass:
            var names = CategoryNames()
            var labelNames: [String] = []
            var predictionNames: [String] = []
            for (label, prediction) in zip(labels, predictions) {
                guard let label = names.name(of: label), let prediction = names.name(of: prediction) else { continue }
                labelNames.append(label)
                predictionNames.append(prediction)
            }
            return MulticlassMetrics.compute(labels: labelNames, predictions: predictionNames).map { .multiclass($0) }
        case .regression:
            var observed: [Double] = []
            var predicted: [Double] = []
            for (label, prediction) in zip(labels, predictions) {
                guard let y = label?.numericValue, let yHat = prediction?.numericValue, y.isFinite, yHat.isFinite
                else { continue }
                observed.append(y)
                predicted.append(yHat)
            }
            return RegressionMetrics.compute(labels: observed, predictions: predicted).map { .regression($0) }
        }
    }

    /// Binary metrics with labels and predictions mapped to "is the positive label".
    private func binaryPerformance(labels: [ScalarValue?], predictions: [ScalarValue?], scores: [Double]?)
        -> PerformanceMetrics?
    {
        let positive = positiveLabel ?? "1"
        var names = CategoryNames()
        var isPositiveLabel: [Bool] = []
        var isPositivePrediction: [Bool] = []
        var counted: [Double] = []
        var everyRowScored = scores != nil
        for index in labels.indices {
            guard let label = names.name(of: labels[index]), let prediction = names.name(of: predictions[index]) else {
                continue
            }
            isPositiveLabel.append(label == positive)
            isPositivePrediction.append(prediction == positive)
            if let scores, everyRowScored {
                if scores[index].isNaN { everyRowScored = false } else { counted.append(scores[index]) }
            }
        }
        return BinaryMetrics.compute(
            labels: isPositiveLabel, predictions: isPositivePrediction, scores: everyRowScored ? counted : nil
        ).map { .binary($0) }
    }
}

extension ReferenceBuilder.Prepared {
    /// The reference's own performance — the baseline a window's performance is compared with — from
    /// its `label`, `prediction` and `score` columns, by the rules of
    /// ``ModelSchema/performance(labels:predictions:scores:)``.
    ///
    /// Regression labels and predictions are read as numbers from their category names; a name that
    /// is not a number does not count.
    ///
    /// - Returns: nil when the reference has no `label` or no `prediction` column, or no row has both.
    public func performance() -> PerformanceMetrics? {
        guard let labels, let predictions else { return nil }
        let regression = schema.task == .regression
        func scalar(_ name: String?) -> ScalarValue? {
            guard let name else { return nil }
            guard regression else { return .string(name) }
            return Double(name).map(ScalarValue.number)
        }
        return schema.performance(labels: labels.map(scalar), predictions: predictions.map(scalar), scores: scores)
    }
}

/// ``ScalarValue/categoryName`` memoised per distinct value: a window repeats a handful of labels and
/// predictions many times, and formatting a number as a name allocates a string each time.
private struct CategoryNames {
    private var names: [ScalarValue: String?] = [:]

    mutating func name(of value: ScalarValue?) -> String? {
        guard let value else { return nil }
        // NaN is not equal to itself, so it would never be found again: name it directly.
        if case .number(let number) = value, number.isNaN { return value.categoryName }
        if let known = names[value] { return known }
        let name = value.categoryName
        names[value] = .some(name)
        return name
    }
}
