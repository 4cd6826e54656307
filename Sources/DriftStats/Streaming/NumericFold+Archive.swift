extension NumericFold {
    /// Writes the fold's state field by field (the reference is not written: the reader supplies it, and
    /// every length is checked against it). The slot counts and fraction words are written sparsely: a
    /// window leaves most point slots, and almost every high fraction word, at zero.
    public func archive(into writer: inout ArchiveWriter) {
        writer.count(keptBudget)
        writer.signed(rows)
        writer.signed(finiteCount)
        writer.double(minimum)
        writer.double(maximum)
        writer.signed(outsideReference)
        writer.signed(finiteAtSelection)
        writer.double(watchMargin)
        writer.bool(watchesAny)
        writer.count(keptLimit)
        writer.count(counts.count)
        writer.sparse(counts.lazy.map { UInt64(UInt32(bitPattern: $0)) })
        writer.count(fractionLow.count)
        writer.sparse(fractionLow)
        // Empty high words are written as all zero (the same bytes).
        writer.count(fractionLow.count)
        writer.sparse(fractionHigh)
        belowFirst.archive(into: &writer)
        aboveLast.archive(into: &writer)
        writer.count(watched.count)
        writer.sparse(watched)
        kept.archive(into: &writer)
    }

    /// Reads a fold written by ``archive(into:)`` against `reference`.
    /// - Throws: ``StateArchiveError`` when the bytes end early, are inconsistent, or were written for a
    ///   reference with another number of breakpoints.
    public init(reference: NumericReference, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        let budget = try reader.count()
        self.init(reference: reference, keptBudget: budget)
        let points = reference.partition.breakpoints.count
        rows = try reader.nonNegative("a numeric fold's rows")
        finiteCount = try reader.nonNegative("a numeric fold's finite count")
        minimum = try reader.double()
        maximum = try reader.double()
        outsideReference = try reader.nonNegative("a numeric fold's values outside the reference")
        finiteAtSelection = try reader.nonNegative("a numeric fold's count at selection")
        watchMargin = try reader.double()
        watchesAny = try reader.bool()
        keptLimit = try reader.count()
        try reader.length(expected: counts.count, of: "a numeric fold's slot counts")
        var slotCounts = counts
        var total = 0
        try reader.sparse(length: slotCounts.count) { index, value throws(StateArchiveError) in
            guard value <= UInt64(Int32.max) else { throw StateArchiveError(.corrupt, "a slot count overflows") }
            slotCounts[index] = Int32(value)
            total += Int(value)
        }
        counts = slotCounts
        guard finiteCount <= rows, outsideReference <= finiteCount, finiteAtSelection <= finiteCount,
            points == 0 || total == finiteCount
        else { throw StateArchiveError(.corrupt, "a numeric fold's counts disagree with each other") }
        try reader.length(expected: fractionLow.count, of: "a numeric fold's fraction words")
        fractionLow = try reader.sparse(length: fractionLow.count)
        try reader.length(expected: fractionLow.count, of: "a numeric fold's fraction words")
        let high = try reader.sparse(length: fractionLow.count)
        fractionHigh = high.contains { $0 != 0 } ? high : []
        belowFirst = try ExactSum(unarchiving: &reader)
        aboveLast = try ExactSum(unarchiving: &reader)
        try reader.length(expected: watched.count, of: "a numeric fold's watched bits")
        watched = try reader.sparse(length: watched.count)
        kept = try WatchedSlots(points: reference.partition.breakpoints, unarchiving: &reader)
        let watchedBits = watched.reduce(0) { $0 + $1.nonzeroBitCount }
        let bits = watched
        let consistent = kept.slots.allSatisfy { slot in bits[slot >> 6] >> UInt64(slot & 63) & 1 != 0 }
        guard watchedBits == kept.slots.count, consistent, watchesAny == !kept.isEmpty else {
            throw StateArchiveError(.corrupt, "a numeric fold's watched bits disagree with its watched slots")
        }
        rankWatched()
    }
}

extension WatchedSlots {
    /// Writes the watched slots, each with its kept values in ascending order (one encoding per state,
    /// whatever order the values arrived in, and the order a decoded fold keeps them in). A value lies strictly inside
    /// its slot, so it is written as its distance in ulps above the slot's lower bound (a varint: a narrow
    /// slot's values share their sign, exponent and leading mantissa bits with the bound); a slot with a
    /// value that is not above its bound (never written by the fold) falls back to 8 bytes a value.
    func archive(into writer: inout ArchiveWriter) {
        writer.count(slots.count)
        for (position, slot) in slots.enumerated() {
            writer.count(slot)
            let low = lows[position]
            let kept = ascending(at: position)
            let above = kept.allSatisfy { $0.isFinite && $0 > low } && low.isFinite
            writer.bool(above)
            if above {
                writer.count(kept.count)
                let base = Self.orderedKey(low)
                for value in kept { writer.varint(Self.orderedKey(value) - base) }
            } else {
                writer.doubles(Array(kept))
            }
        }
    }

    /// A double's bit pattern mapped so that unsigned order is numeric order (negative values' bits
    /// inverted, positive values' sign bit set).
    static func orderedKey(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    /// The double of an ``orderedKey(_:)``.
    static func double(orderedKey key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }

    /// Reads slots written by ``archive(into:)`` for the partition cut at `points`: ascending interior slots.
    init(points: [Double], unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        let slotCount = try reader.count(limit: points.count)
        var slots: [Int] = []
        var values: [[Double]] = []
        slots.reserveCapacity(slotCount)
        values.reserveCapacity(slotCount)
        for _ in 0..<slotCount {
            let slot = try reader.count(limit: points.count)
            guard (1..<points.count).contains(slot), (slots.last ?? 0) < slot else {
                throw StateArchiveError(.corrupt, "watched slot \(slot) is not an ascending interior slot")
            }
            slots.append(slot)
            if try reader.bool() {
                let count = try reader.count()
                guard count <= reader.remaining else {
                    throw StateArchiveError(.truncated, "the archive ends inside a watched slot's values")
                }
                let base = Self.orderedKey(points[slot - 1])
                var kept: [Double] = []
                kept.reserveCapacity(count)
                for _ in 0..<count {
                    let (key, overflow) = base.addingReportingOverflow(try reader.varint())
                    guard !overflow else { throw StateArchiveError(.corrupt, "a kept value overflows its slot") }
                    kept.append(Self.double(orderedKey: key))
                }
                values.append(kept)
            } else {
                values.append(try reader.doubles())
            }
        }
        let sizes = Dictionary(uniqueKeysWithValues: zip(slots, values.map(\.count)))
        self.init(slots: slots, points: points) { sizes[$0] ?? 0 }
        for (position, kept) in values.enumerated() {
            let (low, high) = (points[slots[position] - 1], points[slots[position]])
            for value in kept {
                guard value > low && value < high else {
                    throw StateArchiveError(.corrupt, "a kept value lies outside its watched slot")
                }
                append(value, at: position)
            }
        }
    }
}
