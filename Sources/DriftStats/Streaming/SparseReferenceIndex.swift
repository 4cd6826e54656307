/// What a ``SparseNumericFold`` needs from a reference to compare a few sorted window values with it in
/// O(m log K) instead of walking all K breakpoints: for each breakpoint b_t of the ``ReferencePartition``,
/// R_t = the number of reference values ≤ b_t, and the prefix integral G_t = ∫_{b₀}^{b_t} R(x) dx of the
/// reference's unnormalised distribution function R = n·F_R.
///
/// Built once per reference (O(K)), about 12¼ bytes per breakpoint: R_t as a `UInt32` (the partition's
/// multiplicities are `UInt32` too), and G_t split as G_t = base(g) + local_t, where base(g) is G at the
/// first breakpoint of t's group of ``groupSize`` breakpoints, kept in double-double (high and low words),
/// and local_t the rest, kept as one double. A difference G_j − G_i over a few breakpoints is then accurate
/// relative to the group's integral, not to the whole reference's: a single prefix sum in doubles would
/// lose about log₂(n·range / run) bits to cancellation. The increments R_t·(b_{t+1} − b_t) are formed
/// exactly with a fused multiply-add and summed with TwoSum (Knuth, TAOCP vol. 2, §4.2.2, Theorem B;
/// Dekker 1971, "A floating-point technique for extending the available precision", Numer. Math. 18), so
/// the only rounding per increment is the width's, as in ``NumericFold``.
struct SparseReferenceIndex: Sendable {
    /// Breakpoints per group of the prefix integral's double-double base: 2^groupShift.
    static let groupShift = 6
    static let groupSize = 1 << groupShift

    /// R_t: reference values ≤ b_t.
    let atOrBelow: [UInt32]
    /// local_t = G_t − base(t / groupSize), from the double-double words (within two roundings of it).
    let localIntegral: [Double]
    /// base(g) = G at breakpoint g·groupSize, as an unevaluated sum of two doubles.
    let baseHigh: [Double]
    let baseLow: [Double]

    /// The index of `partition`'s breakpoints.
    init(partition: ReferencePartition) {
        let points = partition.breakpoints
        let count = points.count
        var atOrBelow = [UInt32](repeating: 0, count: count)
        var local = [Double](repeating: 0, count: count)
        let groups = (count + Self.groupSize - 1) / Self.groupSize
        var baseHigh = [Double](repeating: 0, count: groups)
        var baseLow = [Double](repeating: 0, count: groups)
        var reader = BreakpointMultiplicities.Reader()
        // G_t in double-double (high, low), and G at the current group's first breakpoint.
        var high = 0.0
        var low = 0.0
        var groupHigh = 0.0
        var groupLow = 0.0
        var r = 0
        partition.multiplicities.exceptionBits.withUnsafeBufferPointer { bits in
            partition.multiplicities.exceptions.withUnsafeBufferPointer { exceptions in
                for t in 0..<count {
                    if t % Self.groupSize == 0 {
                        baseHigh[t / Self.groupSize] = high
                        baseLow[t / Self.groupSize] = low
                        (groupHigh, groupLow) = (high, low)
                    }
                    local[t] = (high - groupHigh) + (low - groupLow)
                    r += reader.multiplicity(at: t, bits: bits, exceptions: exceptions)
                    atOrBelow[t] = UInt32(truncatingIfNeeded: r)
                    guard t + 1 < count else { continue }
                    // R_t·(b_{t+1} − b_t), exactly as the product of the two doubles.
                    let width = points[t + 1] - points[t]
                    let product = Double(r) * width
                    let error = Self.productError(Double(r), width, product)
                    (high, low) = Self.add(high, low, product, error)
                }
            }
        }
        self.atOrBelow = atOrBelow
        localIntegral = local
        self.baseHigh = baseHigh
        self.baseLow = baseLow
    }

    /// x·y − p exactly, for p = fl(x·y) (Dekker's TwoProduct with a fused multiply-add).
    @inline(__always)
    private static func productError(_ x: Double, _ y: Double, _ p: Double) -> Double {
        (-p).addingProduct(x, y)
    }

    /// (high + low) + (p + e) in double-double: TwoSum of the high words, then the low words folded in and
    /// the pair renormalised.
    @inline(__always)
    private static func add(_ high: Double, _ low: Double, _ p: Double, _ e: Double) -> (Double, Double) {
        let sum = high + p
        let bigger = sum - high
        let sumError = (high - (sum - bigger)) + (p - bigger)
        let tail = sumError + low + e
        let renormalised = sum + tail
        return (renormalised, tail - (renormalised - sum))
    }

    /// R_t, with R₋₁ = 0: reference values ≤ b_t.
    @inline(__always)
    func count(atOrBelow t: Int) -> Int { t < 0 ? 0 : Int(atOrBelow[t]) }

    /// Calls `body` with the breakpoints `points` (the partition's), R_t, and G_j − G_i = ∫_{b_i}^{b_j} R(x) dx
    /// for i ≤ j, all read through unsafe buffers (the walk's inner loop).
    @inline(__always)
    func withBuffers<Result>(
        points: [Double],
        _ body: (
            _ points: UnsafeBufferPointer<Double>, _ atOrBelow: UnsafeBufferPointer<UInt32>,
            _ integral: (_ from: Int, _ to: Int) -> Double
        ) -> Result
    ) -> Result {
        points.withUnsafeBufferPointer { points in
            atOrBelow.withUnsafeBufferPointer { counts in
                localIntegral.withUnsafeBufferPointer { local in
                    baseHigh.withUnsafeBufferPointer { high in
                        baseLow.withUnsafeBufferPointer { low in
                            body(points, counts) { i, j in
                                let gi = i &>> Self.groupShift
                                let gj = j &>> Self.groupShift
                                if gi == gj { return local[j] - local[i] }
                                return (high[gj] - high[gi]) + (low[gj] - low[gi]) + (local[j] - local[i])
                            }
                        }
                    }
                }
            }
        }
    }

    /// Bytes held per breakpoint (for memory estimates).
    static let bytesPerBreakpoint = 4 + 8 + 16 / groupSize
}
