/// Sample moments with a two-pass algorithm (Chan, Golub & LeVeque 1983, "Algorithms for computing the
/// sample variance", The American Statistician 37(3)): the mean first, then squared deviations from it,
/// which avoids the cancellation of the one-pass Σx² − n·x̄² formula.
enum Moments {
    /// Mean and population standard deviation (divisor n); (0, 0) for an empty sample.
    static func meanAndPopulationDeviation(_ values: UnsafeBufferPointer<Double>) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        var squares = 0.0
        for value in values {
            let deviation = value - mean
            squares += deviation * deviation
        }
        return (mean, (squares / count).squareRoot())
    }
}
