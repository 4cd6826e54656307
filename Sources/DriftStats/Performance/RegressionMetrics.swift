/// Performance of a regression model over the labelled predictions of a window
/// (STATISTICS.md, "Performance metrics"), for labels y and predictions ŷ.
public struct RegressionMetrics: Sendable, Codable, Equatable {
    /// Mean absolute error, mean |y − ŷ|.
    public var mae: Double
    /// Root mean squared error, √(mean (y − ŷ)²).
    public var rmse: Double
    /// Mean absolute percentage error as a fraction (0.05 means 5 %), mean |y − ŷ| / max(|y|, ε)
    /// with ε = 2.220446049250313e-16 (`Double.ulpOfOne`).
    ///
    /// The ε guard is scikit-learn's `mean_absolute_percentage_error`: a row with y = 0 contributes
    /// 0 when ŷ = 0 too, and otherwise |ŷ| / ε, about 4.5e15·|ŷ| — a deliberately huge value that
    /// shows MAPE is meaningless for that window, rather than ∞ or NaN that JSON cannot carry.
    /// For y ≠ 0 (every row of the golden file) this is exactly mean |y − ŷ| / |y|.
    public var mape: Double
    /// Mean signed error, mean (ŷ − y): positive when the model over-predicts.
    public var bias: Double
    /// Number of rows (labelled predictions) the metrics were computed from.
    public var count: Int

    /// The floor of |y| in the MAPE denominator (scikit-learn's `np.finfo(np.float64).eps`).
    public static let mapeEpsilon = Double.ulpOfOne

    /// Creates a value from already computed metrics (use ``compute(labels:predictions:)`` to
    /// compute them).
    public init(mae: Double, rmse: Double, mape: Double, bias: Double, count: Int) {
        self.mae = mae
        self.rmse = rmse
        self.mape = mape
        self.bias = bias
        self.count = count
    }

    /// Computes the metrics of one window in O(n).
    ///
    /// Each mean is a correctly rounded sum divided by n, so the metrics agree with numpy to about
    /// an ulp and are invariant, bit for bit, under a permutation of the rows. Inputs are expected
    /// finite (missing values are removed upstream); a NaN or infinity propagates into the metrics.
    ///
    /// - Parameters:
    ///   - labels: the observed value y of each row.
    ///   - predictions: the predicted value ŷ of each row.
    /// - Returns: `nil` when there are no rows.
    /// - Precondition: `predictions.count == labels.count`.
    public static func compute(labels: [Double], predictions: [Double]) -> RegressionMetrics? {
        precondition(
            labels.count == predictions.count,
            "RegressionMetrics: \(labels.count) labels but \(predictions.count) predictions")
        guard !labels.isEmpty else { return nil }

        var tally = RegressionTally()
        for (y, prediction) in zip(labels, predictions) { tally.add(label: y, prediction: prediction) }
        return tally.metrics
    }
}
