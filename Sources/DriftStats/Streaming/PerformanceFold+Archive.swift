extension PerformanceFold {
    /// Writes the fold's task and its counts, exact sums and (binary) score column.
    public func archive(into writer: inout ArchiveWriter) {
        switch state {
        case .binary(let fold):
            writer.byte(0)
            fold.archive(into: &writer)
        case .multiclass(let tally):
            writer.byte(1)
            tally.archive(into: &writer)
        case .regression(let tally):
            writer.byte(2)
            tally.archive(into: &writer)
        }
    }

    /// Reads a fold written by ``archive(into:)``, which must be one of `task`.
    public init(task: PerformanceMetrics.Task, unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        let tag = try reader.byte()
        switch (tag, task) {
        case (0, .binary): self.init(state: .binary(try BinaryFold(unarchiving: &reader)))
        case (1, .multiclass): self.init(state: .multiclass(try MulticlassTally(unarchiving: &reader)))
        case (2, .regression): self.init(state: .regression(try RegressionTally(unarchiving: &reader)))
        default: throw StateArchiveError(.otherReference, "the performance state (tag \(tag)) is not of task \(task)")
        }
    }

    private init(state: State) {
        self.init(task: .binary)
        self.state = state
    }
}

extension BinaryFold {
    /// Writes the confusion counts, the log-loss sum, the score column with its labels (one bit each), and
    /// the rows removed since, by score.
    func archive(into writer: inout ArchiveWriter) {
        for count in [truePositives, falsePositives, falseNegatives, trueNegatives, unscored] { writer.signed(count) }
        logLoss.archive(into: &writer)
        writer.doubles(scores)
        var packed = [UInt8](repeating: 0, count: (labels.count + 7) / 8)
        for (index, label) in labels.enumerated() where label { packed[index >> 3] |= 1 << UInt8(index & 7) }
        for byte in packed { writer.byte(byte) }
        writer.count(removed.count)
        for score in removed.keys.sorted(by: { $0.bitPattern < $1.bitPattern }) {
            writer.double(score)
            writer.signed(removed[score]!.positives)
            writer.signed(removed[score]!.negatives)
        }
    }

    init(unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init()
        truePositives = try reader.signed()
        falsePositives = try reader.signed()
        falseNegatives = try reader.signed()
        trueNegatives = try reader.signed()
        unscored = try reader.signed()
        logLoss = try ExactSum(unarchiving: &reader)
        scores = try reader.doubles()
        guard reader.remaining >= (scores.count + 7) / 8 else {
            throw StateArchiveError(.truncated, "the archive ends inside the binary labels")
        }
        labels.reserveCapacity(scores.count)
        var byte: UInt8 = 0
        for index in 0..<scores.count {
            if index & 7 == 0 { byte = try reader.byte() }
            labels.append(byte >> UInt8(index & 7) & 1 == 1)
        }
        let removedCount = try reader.count(limit: reader.remaining / 10)
        for _ in 0..<removedCount {
            let score = try reader.double()
            guard !score.isNaN, removed[score] == nil else {
                throw StateArchiveError(.corrupt, "a removed score is NaN or repeated")
            }
            removed[score] = (try reader.signed(), try reader.signed())
        }
    }
}

extension MulticlassTally {
    /// Writes the class names in index order with their counts.
    func archive(into writer: inout ArchiveWriter) {
        let names = classIndex.sorted { $0.value < $1.value }.map(\.key)
        writer.count(names.count)
        for (index, name) in names.enumerated() {
            writer.string(name)
            writer.signed(truePositives[index])
            writer.signed(labelled[index])
            writer.signed(predicted[index])
        }
        writer.signed(correct)
        writer.signed(count)
    }

    init(unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init()
        let classes = try reader.count(limit: reader.remaining)
        for index in 0..<classes {
            let name = try reader.string()
            guard classIndex.updateValue(index, forKey: name) == nil else {
                throw StateArchiveError(.corrupt, "class '\(name.prefix(40))' is repeated")
            }
            truePositives.append(try reader.signed())
            labelled.append(try reader.signed())
            predicted.append(try reader.signed())
        }
        correct = try reader.signed()
        count = try reader.signed()
    }
}

extension RegressionTally {
    /// Writes the four exact error sums and the row count.
    func archive(into writer: inout ArchiveWriter) {
        for sum in [absolute, squared, percentage, signed] { sum.archive(into: &writer) }
        writer.signed(count)
    }

    init(unarchiving reader: inout ArchiveReader) throws(StateArchiveError) {
        self.init()
        absolute = try ExactSum(unarchiving: &reader)
        squared = try ExactSum(unarchiving: &reader)
        percentage = try ExactSum(unarchiving: &reader)
        signed = try ExactSum(unarchiving: &reader)
        count = try reader.signed()
    }
}
