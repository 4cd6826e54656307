/// Performance of a multiclass classifier over the labelled predictions of a window
/// (STATISTICS.md, "Performance metrics").
///
/// The macro averages are unweighted means over every class that occurs as a label or as a
/// prediction, matching `sklearn.metrics.precision_recall_fscore_support(average="macro",
/// zero_division=0)`: a class never predicted has precision 0, a class never present has recall 0,
/// and a class with neither true nor false positives nor false negatives cannot occur.
public struct MulticlassMetrics: Sendable, Codable, Equatable {
    /// Share of rows whose prediction equals the label.
    public var accuracy: Double
    /// Mean over classes c of TP_c / (rows predicted c), a 0/0 counting 0.
    public var macroPrecision: Double
    /// Mean over classes c of TP_c / (rows labelled c), a 0/0 counting 0.
    public var macroRecall: Double
    /// Mean over classes of the per-class F1 = 2PR / (P + R) (not the F1 of the macro precision
    /// and recall), a 0/0 counting 0.
    public var macroF1: Double
    /// Number of rows (labelled predictions) the metrics were computed from.
    public var count: Int

    /// Creates a value from already computed metrics (use ``compute(labels:predictions:)`` to
    /// compute them).
    public init(accuracy: Double, macroPrecision: Double, macroRecall: Double, macroF1: Double, count: Int) {
        self.accuracy = accuracy
        self.macroPrecision = macroPrecision
        self.macroRecall = macroRecall
        self.macroF1 = macroF1
        self.count = count
    }

    /// JSON keys are snake_case like the rest of the API.
    enum CodingKeys: String, CodingKey {
        case accuracy
        case macroPrecision = "macro_precision"
        case macroRecall = "macro_recall"
        case macroF1 = "macro_f1"
        case count
    }

    /// Computes the metrics of one window in O(n + k) for n rows and k classes.
    ///
    /// Class names are compared as Swift strings (Unicode canonical equivalence). The per-class
    /// values are combined with a correctly rounded sum, so the result does not depend on the order
    /// of the rows or of the classes.
    ///
    /// - Parameters:
    ///   - labels: the true class of each row.
    ///   - predictions: the predicted class of each row.
    /// - Returns: `nil` when there are no rows.
    /// - Precondition: `predictions.count == labels.count`.
    public static func compute(labels: [String], predictions: [String]) -> MulticlassMetrics? {
        precondition(
            labels.count == predictions.count,
            "MulticlassMetrics: \(labels.count) labels but \(predictions.count) predictions")
        guard !labels.isEmpty else { return nil }

        var tally = MulticlassTally()
        for (label, prediction) in zip(labels, predictions) { tally.add(label: label, prediction: prediction) }
        return tally.metrics
    }
}

/// Per-class counts of (label, prediction) rows, in any order, and the metrics they give.
struct MulticlassTally: Sendable {
    var classIndex: [String: Int] = [:]
    var truePositives: [Int] = [], labelled: [Int] = [], predicted: [Int] = []
    var correct = 0
    var count = 0

    private mutating func index(of name: String) -> Int {
        if let index = classIndex[name] { return index }
        let index = classIndex.count
        classIndex[name] = index
        truePositives.append(0)
        labelled.append(0)
        predicted.append(0)
        return index
    }

    /// Counts one row.
    mutating func add(label: String, prediction: String) {
        let l = index(of: label)
        let p = index(of: prediction)
        labelled[l] += 1
        predicted[p] += 1
        if l == p {
            truePositives[l] += 1
            correct += 1
        }
        count += 1
    }

    /// Removes a row counted before.
    mutating func remove(label: String, prediction: String) {
        let l = index(of: label)
        let p = index(of: prediction)
        labelled[l] -= 1
        predicted[p] -= 1
        if l == p {
            truePositives[l] -= 1
            correct -= 1
        }
        count -= 1
    }

    /// The metrics of the rows counted; nil when there are none. A class no row names any more (after
    /// removals) does not count.
    var metrics: MulticlassMetrics? {
        guard count > 0 else { return nil }
        var precisionSum = ExactSum(), recallSum = ExactSum(), f1Sum = ExactSum()
        var classCount = 0
        for c in truePositives.indices where labelled[c] + predicted[c] > 0 {
            classCount += 1
            precisionSum.add(zeroSafeRatio(truePositives[c], predicted[c]))
            recallSum.add(zeroSafeRatio(truePositives[c], labelled[c]))
            // 2TP / (2TP + FP + FN) = 2TP / (labelled + predicted), the per-class 2PR / (P + R).
            f1Sum.add(zeroSafeRatio(2 * truePositives[c], labelled[c] + predicted[c]))
        }
        let classes = Double(classCount)
        return MulticlassMetrics(
            accuracy: Double(correct) / Double(count),
            macroPrecision: precisionSum.value / classes,
            macroRecall: recallSum.value / classes,
            macroF1: f1Sum.value / classes,
            count: count
        )
    }
}
