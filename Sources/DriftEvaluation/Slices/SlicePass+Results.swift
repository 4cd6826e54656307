import DriftCore

/// The results of a slice pass's group of families (``SlicePass``).
extension SlicePass {
    /// The current group's results, its states then released when `release` is true. The slices are
    /// evaluated on both cores at once (each slice's statistics are its own; ``ForkJoin``): a slice's walk
    /// over its few values is short, so spreading whole slices keeps both cores busy where spreading one
    /// slice's features left them waiting on each other.
    mutating func groupResults(
        start: Int64, end: Int64, partial: Bool, evaluatedAt: Int64, release: Bool, skip: (SliceKey, String) -> Bool
    ) throws(EvaluationError) -> (results: [SliceWindowResult], present: [SliceKey]) {
        // The group's slices moved out of their families (so that evaluating them copies no state), in
        // order: versions by name, then each key's (kept values by value, `__other__`, `__missing__`).
        var folds: [SliceFold] = []
        var taken: [(family: Family, count: Int)] = []
        for family in active {
            let before = folds.count
            switch family {
            case .versions:
                for name in versions.keys.sorted() {
                    if let fold = versions.removeValue(forKey: name) { folds.append(fold) }
                }
            case .segment(let index):
                folds += segments[index].takeFolds()
            }
            taken.append((family, folds.count - before))
        }
        let present = folds.map(\.slice)
        let evaluates = folds.map { !skip($0.slice, $0.fingerprint.value) }
        var outcomes = [Result<SliceWindowResult, EvaluationError>?](repeating: nil, count: folds.count)
        folds.withUnsafeMutableBufferPointer { folds in
            outcomes.withUnsafeMutableBufferPointer { outcomes in
                ForkJoin.forEach(folds.count, width: ForkJoin.processorCount) { index in
                    guard evaluates[index] else { return }
                    outcomes[index] = Result { () throws(EvaluationError) in
                        try folds[index].result(start: start, end: end, partial: partial, evaluatedAt: evaluatedAt)
                    }
                }
            }
        }
        var results: [SliceWindowResult] = []
        for outcome in outcomes {
            if let outcome { results.append(try outcome.get()) }
        }
        if release {
            versions = [:]
            for family in active {
                if case .segment(let index) = family { segments[index] = segments[index].emptied() }
            }
        } else {
            var position = 0
            for (family, count) in taken {
                let familyFolds = folds[position..<(position + count)]
                switch family {
                case .versions: for fold in familyFolds { versions[fold.slice.value] = fold }
                case .segment(let index): segments[index].putFolds(familyFolds)
                }
                position += count
            }
        }
        return (results, present)
    }
}
