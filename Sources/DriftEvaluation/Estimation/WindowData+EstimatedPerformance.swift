public import DriftCore
public import DriftStats

extension WindowData {
    /// The window's estimated performance (CBPE, STATISTICS.md "Estimated performance without labels")
    /// over all of its events, labelled or not, that have both a score and a prediction.
    ///
    /// - Parameter calibration: the reference version's score calibration.
    /// - Returns: nil unless the schema's task is binary, a calibration is given and at least one event
    ///   has a finite score and a prediction (see ``EstimationAvailability`` for the model-level reason).
    public func estimatedPerformance(calibration: ScoreCalibration?) -> EstimatedPerformance? {
        guard schema.task == .binary, let calibration else { return nil }
        let positive = schema.positiveLabel ?? "1"
        var accumulator = EstimatedPerformanceAccumulator(calibration: calibration, capacity: count)
        // A window repeats two or three predictions many times, and naming a value allocates: name each
        // distinct value once, found again by a short linear scan (cheaper than hashing the value).
        var named: [(value: ScalarValue, positive: Bool)] = []
        for (prediction, score) in zip(predictions, scores) {
            guard let prediction, prediction != .null, score.isFinite else { continue }
            let positiveValue: Bool
            if let known = named.first(where: { $0.value == prediction }) {
                positiveValue = known.positive
            } else {
                positiveValue = prediction.categoryName == positive
                // NaN is not equal to itself and would never be found again; the list stays short.
                if named.count < 16 { named.append((prediction, positiveValue)) }
            }
            accumulator.add(score: score, predictedPositive: positiveValue)
        }
        return accumulator.estimate()
    }
}
