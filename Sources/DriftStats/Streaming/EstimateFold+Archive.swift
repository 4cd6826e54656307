extension EstimateFold {
    /// Writes the fold: its distinct probabilities in ascending order (as gaps) and their multiplicities,
    /// then the predicted positives' sum (two words) and the counts of predicted positives and negatives.
    public func archive(into writer: inout ArchiveWriter) {
        var fold = self
        fold.settle()
        let (values, multiplicities) = fold.ranked.distinctAscending()
        writer.words(values)
        for multiplicity in multiplicities { writer.varint(UInt64(multiplicity)) }
        writer.uint64(UInt64(truncatingIfNeeded: positiveSum))
        writer.uint64(UInt64(truncatingIfNeeded: positiveSum >> 64))
        writer.count(positives)
        writer.count(negatives)
    }

    /// Reads a fold written by ``archive(into:)`` with `calibration` (the reference's); the rank sum is
    /// recomputed from the probabilities, and every sum checked against them.
    public init(calibration: ScoreCalibration, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init(calibration: calibration)
        let values = try reader.words()
        var multiplicities: [UInt32] = []
        multiplicities.reserveCapacity(values.count)
        for _ in values.indices {
            let multiplicity = try reader.varint()
            guard (1...UInt64(UInt32.max)).contains(multiplicity) else {
                throw StateArchiveError(.corrupt, "a probability's multiplicity is not in 1...\(UInt32.max)")
            }
            multiplicities.append(UInt32(multiplicity))
        }
        guard let ranked = RankedProbabilities(values: values, multiplicities: multiplicities) else {
            throw StateArchiveError(.corrupt, "the estimate's probabilities are not ascending in [0, 1]")
        }
        let low = try reader.uint64()
        let high = try reader.uint64()
        positiveSum = UInt128(high) << 64 | UInt128(low)
        positives = try reader.count()
        negatives = try reader.count()
        guard positives <= ranked.count, negatives == ranked.count - positives, positiveSum <= ranked.total,
            positiveSum <= UInt128(positives) * UInt128(RankedProbabilities.scale),
            ranked.total - positiveSum <= UInt128(negatives) * UInt128(RankedProbabilities.scale)
        else { throw StateArchiveError(.corrupt, "the estimate's sums do not match its probabilities") }
        self.ranked = ranked
    }
}
