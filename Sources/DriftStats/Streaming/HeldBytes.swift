/// About how many bytes each streaming fold holds now, for memory budgets that follow the states actually
/// held rather than the largest they could become (a slice pass, ``SlicePass`` in DriftEvaluation, admits
/// slice families into one read while their states fit). Counts the arrays' elements (the capacity where
/// the array grows by appending) and a fixed amount per stored object; small fields are left out.
extension SparseNumericFold {
    /// 8 bytes per value the kept array has room for.
    public var heldBytes: Int { 64 + 8 * keptCapacity }
}

extension NumericFold {
    /// The slot counts (4 bytes per slot), the two fraction words per open slot, the watch bits, and the
    /// watched slots with their kept values.
    public var heldBytes: Int {
        128 + 4 * (counts.count + watchedRank.count) + 8 * (fractionLow.count + fractionHigh.count + watched.count)
            + 8 * kept.count + 48 * kept.slots.count
    }
}

extension CategoricalFold {
    /// About 48 bytes per category counted (its name and count in a dictionary).
    public var heldBytes: Int { 64 + 48 * counts.count }
}

extension EstimateFold {
    /// The ranked runs (``RankedProbabilities``: about 13.5 bytes per distinct probability per run), and 8
    /// bytes per probability not yet settled (fewer than ``settleEvery``).
    public var heldBytes: Int { 64 + 8 * pending.capacity + ranked.heldBytes }
}

extension PerformanceFold {
    /// 9 bytes per labelled binary row (score and label), about 64 per removed score; a few hundred bytes
    /// of counts for the other tasks.
    public var heldBytes: Int {
        switch state {
        case .binary(let fold): 256 + 8 * fold.scores.capacity + fold.labels.capacity + 64 * fold.removed.count
        case .multiclass, .regression: 512
        }
    }
}
