/// A floating-point sum that is correctly rounded, and therefore independent of the order in which
/// the terms are added.
///
/// The accumulator keeps the running total as a short list of non-overlapping partial sums whose
/// exact total equals the exact total of the terms (Shewchuk 1997, "Adaptive precision
/// floating-point arithmetic and fast robust geometric predicates", Discrete & Computational
/// Geometry 18; the same algorithm as Python's `math.fsum`). `value` rounds that exact total once,
/// half to even.
///
/// Why not a plain or pairwise sum: the performance metrics are means over rows, and a window's
/// rows arrive in no particular order. A correctly rounded sum gives bit-identical metrics for any
/// permutation of the rows, and agrees with numpy's pairwise `mean` to within its few-ulp error.
/// The partial list stays at a handful of entries for ordinary data (at most about 40 for doubles),
/// so the cost stays linear in the number of terms (about 13 ns a term in release builds here,
/// against 1 ns for a plain sum: 1M rows of regression metrics take about 0.1 s).
///
/// Non-finite terms are summed separately in IEEE arithmetic (so `+∞` wins, `+∞ + −∞` and NaN give
/// NaN); if the partials themselves overflow, the result falls back to the plain running sum.
struct ExactSum: Sendable {
    /// Non-overlapping partial sums, smallest magnitude first, in `partials[0..<count]`; the
    /// storage only grows, so adding a term does not allocate once it is large enough.
    var partials: [Double] = []
    /// How many entries of `partials` are in use.
    var count = 0
    /// The IEEE sum of the non-finite terms.
    var special: Double = 0
    /// The plain running sum, used only after an intermediate overflow.
    var naive: Double = 0
    /// Whether a partial sum of finite terms overflowed.
    var overflowed = false

    /// An empty sum (value 0).
    init() {}

    /// Adds one term.
    mutating func add(_ term: Double) {
        naive += term
        guard term.isFinite else {
            special += term
            return
        }
        if overflowed { return }
        var x = term
        var kept = 0
        partials.withUnsafeMutableBufferPointer { partials in
            for j in 0..<count {
                var y = partials[j]
                if abs(x) < abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)  // exact error of hi = x + y since |x| ≥ |y| (Fast2Sum)
                if lo != 0 {
                    partials[kept] = lo
                    kept += 1
                }
                x = hi
            }
        }
        count = kept
        if !x.isFinite {
            overflowed = true
            count = 0
        } else if x != 0 {
            if count < partials.count {
                partials[count] = x
            } else {
                partials.append(x)
            }
            count += 1
        }
    }

    /// The exact sum of the terms added so far, rounded once to the nearest double.
    var value: Double {
        if special != 0 || special.isNaN { return special }
        if overflowed { return naive }
        var n = count
        guard n > 0 else { return 0 }
        n -= 1
        var hi = partials[n]
        var lo = 0.0
        // Add the partials from the largest down, stopping at the first inexact addition.
        while n > 0 {
            let x = hi
            n -= 1
            let y = partials[n]
            hi = x + y
            lo = y - (hi - x)
            if lo != 0 { break }
        }
        // Round half to even across several partials: when the remainder `lo` is exactly half an ulp
        // of `hi` and the next partial pushes the same way, the tie is really not a tie.
        if n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0)) {
            let y = lo * 2
            let x = hi + y
            if y == x - hi { hi = x }
        }
        return hi
    }
}
