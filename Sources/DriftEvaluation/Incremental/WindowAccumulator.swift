public import DriftCore
import Foundation
public import DriftStats

/// The streaming state of one window (or one slice of it) against one reference: every row folded in,
/// chunk by chunk, in any order, and the window's ``WindowStatistics`` taken from the state at any time.
///
/// Its size depends on the reference, not on the window (STATISTICS.md, "Computation notes"):
/// - numeric features: per reference slot counts and offset sums (``NumericFold``);
/// - categorical features: counts per category (``CategoricalFold``);
/// - performance: counts and exact sums, plus one score and label per labelled row for ROC AUC
///   (``PerformanceFold``); estimated performance: one 8-byte word per scored event (``EstimateFold``);
/// - latency: each distinct value once with its multiplicity, in sorted runs (``LatencyFold``; percentiles
///   need the values in order);
/// - the values of the few watched slots near a crossing of F_C and F_R (Wasserstein-1).
///
/// A router may feed several accumulators (one per slice) from one chunk: ``add(_:)`` takes any rows,
/// and the result does not depend on how the rows were split into chunks or in which order they came.
/// When ``needsGather`` is true after the rows are folded, the caller reads the window's rows once
/// more and passes them to ``gather(_:)`` (after ``prepareGather()``), then takes the statistics.
public struct WindowAccumulator: Sendable {
    /// The prepared reference.
    public let profile: ReferenceProfile
    /// The reference's schema: task and positive label.
    public let schema: ModelSchema
    /// Minimum samples and the drift decision.
    public let settings: EvaluationSettings
    /// Rows folded.
    public internal(set) var count = 0
    /// Rows with a label.
    public internal(set) var labelled = 0
    /// One fold per reference feature, in ``ReferenceProfile/featureOrder`` (nil for a name without a
    /// prepared feature); a chunk without the feature's column counts its rows as missing.
    var features: [FeatureFold?]
    var prediction: FeatureFold?
    var performance: PerformanceFold
    var estimate: EstimateFold?
    var latencies = LatencyFold()
    /// The features (and whether the prediction) whose crossing values the current second read gathers.
    private var gathering: [Bool] = []
    private var gatheringPrediction = false

    /// An empty accumulator for windows of `schema` against `profile`.
    /// `keptBudget` bounds the values each numeric feature keeps for slots near a crossing
    /// (``NumericFold/keptBudget``): a larger one spares later passes a second read, a smaller one memory.
    public init(
        profile: ReferenceProfile, schema: ModelSchema, settings: EvaluationSettings,
        keptBudget: Int = NumericFold.defaultKeptBudget
    ) {
        self.profile = profile
        self.schema = schema
        self.settings = settings
        features = profile.featureOrder.map { name in
            profile.features[name].map { FeatureFold(reference: $0, keptBudget: keptBudget) }
        }
        prediction = profile.prediction.map { FeatureFold(reference: $0, keptBudget: keptBudget) }
        performance = PerformanceFold(task: Self.performanceTask(schema.task))
        estimate =
            schema.task == .binary ? profile.calibration.map { EstimateFold(calibration: $0) } : nil
    }

    /// Folds the rows of `chunk`.
    public mutating func add(_ chunk: WindowData) {
        var scratch: [NumericFold.Scratch] = []
        add(chunk, spill: nil, scratch: &scratch)
    }

    /// Folds the rows of `chunk`, writing to `spill` every value a dense numeric fold takes (record column:
    /// the feature's index in ``ReferenceProfile/featureOrder``, the prediction's after them), so that a
    /// gather can replay them (``gather(from:)``). `scratch` is the dense folds' working memory, one per
    /// fork–join worker, kept by the caller between chunks (a full pass's).
    mutating func add(_ chunk: WindowData, spill: ColumnSpill?, scratch: inout [NumericFold.Scratch]) {
        count += chunk.count
        let columns = profile.featureOrder.map { chunk.column(named: $0) }
        while scratch.count < ForkJoin.processorCount { scratch.append(NumericFold.Scratch()) }
        scratch.withUnsafeMutableBufferPointer { scratch in
            eachFeature(rows: chunk.count) { index, worker, fold in
                guard let column = columns[index] else { return }
                fold.add(column, grouped: Self.receiver(spill, column: index), scratch: &scratch[worker])
            }
        }
        if prediction != nil {
            let column = features.count
            prediction?.add(
                chunk.predictionColumn(), grouped: Self.receiver(spill, column: column), scratch: &scratch[0])
        }
        addOutcomes(labels: chunk.labels, predictions: chunk.predictions, scores: chunk.scores)
        if estimate != nil { addEstimates(predictions: chunk.predictions, scores: chunk.scores) }
        latencies.add(chunk.latencies)
    }

    /// About how many bytes the state holds now: its folds' (DriftStats' `heldBytes`) and the latencies.
    /// A slice pass (``SlicePass``) admits families of slices into one read while this fits its budget.
    public var heldBytes: Int {
        var bytes = 1_024 + performance.heldBytes + (estimate?.heldBytes ?? 0) + latencies.heldBytes
        for fold in features { bytes += fold?.heldBytes ?? 8 }
        return bytes + (prediction?.heldBytes ?? 0)
    }

    /// Whether some crossing slot's values are missing: the rows must be read again with ``gather(_:)``.
    /// Each feature's check walks its slots' counts, so the features are checked on both cores.
    public var needsGather: Bool {
        let folds = features
        var needs = [Bool](repeating: false, count: folds.count)
        needs.withUnsafeMutableBufferPointer { needs in
            ForkJoin.forEach(folds.count, width: ForkJoin.processorCount) { index in
                needs[index] = folds[index]?.needsGather ?? false
            }
        }
        return needs.contains(true) || (prediction?.needsGather ?? false)
    }

    /// Chooses afresh the watched slots of every feature that needs it (its crossings, then the slots nearest
    /// a crossing within ``NumericFold/keptBudget``; ``NumericFold`` proves when later passes need no second
    /// read), forgetting that feature's kept values, before the rows are read again with ``gather(_:)``.
    public mutating func prepareGather() {
        gathering = features.map { $0?.needsGather ?? false }
        gatheringPrediction = prediction?.needsGather ?? false
        watchGathered()
    }

    /// Chooses the watched slots of the features (and the prediction) being gathered, forgetting their kept
    /// values. Choosing sorts a feature's candidate slots, so the features are done on both cores.
    private mutating func watchGathered() {
        let gathering = gathering
        features.withUnsafeMutableBufferPointer { folds in
            ForkJoin.forEach(folds.count, width: ForkJoin.processorCount) { index in
                if gathering[index] { folds[index]?.watchNearCrossings() }
            }
        }
        if gatheringPrediction { prediction?.watchNearCrossings() }
    }

    /// The features ``gather(_:)`` reads: a second read may leave the others' columns out.
    public var featuresToGather: Set<String> {
        Set(profile.featureOrder.indices.filter { gathering.indices.contains($0) && gathering[$0] }.map {
            profile.featureOrder[$0]
        })
    }

    /// Keeps the watched values of `chunk`, whose rows are already folded, for the features prepared by
    /// ``prepareGather()``.
    public mutating func gather(_ chunk: WindowData) {
        let columns = profile.featureOrder.indices.map { index in
            index < gathering.count && gathering[index] ? chunk.column(named: profile.featureOrder[index]) : nil
        }
        eachFeature(rows: chunk.count) { index, _, fold in
            if let column = columns[index] { fold.gather(column) }
        }
        if gatheringPrediction { prediction?.gather(chunk.predictionColumn()) }
    }

    /// Gathers the watched values of the features prepared by ``prepareGather()`` from `spill`, which
    /// holds every value their dense folds took (``add(_:spill:scratch:)``): each feature replays its own records,
    /// on both cores. Returns false if the spill could not be read back; the caller then calls
    /// ``restartGather()`` and reads the rows from the store.
    mutating func gather(from spill: ColumnSpill) -> Bool {
        var replayed = [Bool](repeating: true, count: features.count + 1)
        let gathering = gathering
        replayed.withUnsafeMutableBufferPointer { replayed in
            features.withUnsafeMutableBufferPointer { folds in
                ForkJoin.forEach(folds.count, width: ForkJoin.processorCount) { index in
                    guard index < gathering.count, gathering[index], folds[index] != nil else { return }
                    replayed[index] = spill.replay(column: index) { folds[index]!.gather(grouped: $0, groupEnds: $1) }
                }
            }
        }
        if gatheringPrediction {
            replayed[features.count] = spill.replay(column: features.count) {
                prediction?.gather(grouped: $0, groupEnds: $1)
            }
        }
        return replayed.allSatisfy { $0 }
    }

    /// What writes a fold's grouped values to `spill` as records of `column` (nil without a spill).
    private static func receiver(_ spill: ColumnSpill?, column: Int) -> NumericFold.GroupedValues? {
        guard let spill else { return nil }
        return { values, groupEnds in _ = spill.append(column: column, values: values, groupEnds: groupEnds) }
    }

    /// Columns a ``ColumnSpill`` for ``add(_:spill:scratch:)`` needs: one per feature and one for the prediction.
    var spillColumns: Int { features.count + 1 }

    /// Forgets the values kept by a gather that could not finish, so that the same slots are gathered
    /// again from the start (the watched slots are chosen from the counts, which did not change).
    mutating func restartGather() {
        watchGathered()
    }

    /// Calls `body` with each feature's fold: on two cores at once for a chunk of at least
    /// ``parallelRows`` rows (the folds are independent, so the result is the same), in order otherwise.
    /// `body` also gets the fork–join worker making the call (``ForkJoin/forEach(_:width:_:)``).
    private mutating func eachFeature(rows: Int, _ body: (_ index: Int, _ worker: Int, inout FeatureFold) -> Void) {
        let width = rows >= Self.parallelRows ? ForkJoin.processorCount : 1
        features.withUnsafeMutableBufferPointer { folds in
            ForkJoin.forEach(folds.count, width: width) { index, worker in
                if folds[index] != nil { body(index, worker, &folds[index]!) }
            }
        }
    }

    /// The fewest rows of a chunk whose features are folded in parallel: below it, starting the threads
    /// costs more than it saves.
    static let parallelRows = 4_096

    /// Values kept for watched slots over all features.
    public var keptValues: Int {
        features.reduce(0) { $0 + ($1?.keptValues ?? 0) } + (prediction?.keptValues ?? 0)
    }

    /// Moves one event folded before from its previous label to its current one (a late label, or a
    /// correction): its old outcome leaves the performance state, its new one enters it.
    public mutating func replaceLabel(
        from previous: ScalarValue?, to label: ScalarValue?, prediction: ScalarValue?, score: Double
    ) {
        var names = OutcomeNames()
        if let previous { fold(label: previous, prediction: prediction, score: score, removing: true, names: &names) }
        if let label { fold(label: label, prediction: prediction, score: score, removing: false, names: &names) }
    }

    /// The statistics of the rows folded, as ``WindowEvaluator/statistics(of:)`` defines them. Mutating
    /// only to keep the order-dependent columns sorted in place, so that the next pass sorts only what
    /// arrived since.
    /// - Precondition: ``needsGather`` is false.
    /// - Throws: ``EvaluationError/Code/typeMismatch`` when a column's type differs from the reference's.
    public mutating func statistics(referencePerformance: PerformanceMetrics?) throws(EvaluationError)
        -> WindowStatistics
    {
        // Kept values sorted in place (on both cores): the walks below then sort only what arrived since.
        eachFeature(rows: Self.parallelRows) { _, _, fold in fold.sortKeptValues() }
        prediction?.sortKeptValues()
        let featureEvaluator = FeatureEvaluator(
            minSamples: settings.minSamples, decision: (settings.driftMethod, settings.driftThreshold))
        var results: [String: FeatureResult] = [:]
        var decided = 0
        var drifted = 0
        // Each feature's statistics are independent: taken on both cores, then gathered in feature order.
        let order = profile.featureOrder
        var outcomes = [Result<FeatureResult, EvaluationError>?](repeating: nil, count: order.count)
        let (folds, rows) = (features, count)
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            ForkJoin.forEach(order.count, width: ForkJoin.processorCount) { index in
                guard let reference = profile.features[order[index]] else { return }
                outcomes[index] = Result { () throws(EvaluationError) in
                    try featureEvaluator.evaluate(name: order[index], reference: reference, fold: folds[index], rows: rows)
                }
            }
        }
        for (index, name) in order.enumerated() {
            guard let outcome = outcomes[index] else { continue }
            let result = try outcome.get()
            if let drift = result.drift {
                decided += 1
                if drift { drifted += 1 }
            }
            results[name] = result
        }
        let predictionResult = try profile.prediction.map { reference throws(EvaluationError) in
            try FeatureEvaluator(minSamples: settings.minSamples, decision: nil).evaluate(
                name: ReferenceBuilder.predictionColumn, reference: reference, fold: prediction, rows: count)
        }
        return WindowStatistics(
            count: count, labelled: labelled,
            labelCoverage: count > 0 ? Double(labelled) / Double(count) : 0,
            driftedFeatureShare: decided > 0 ? Double(drifted) / Double(decided) : 0,
            driftMethod: settings.driftMethod, driftThreshold: settings.effectiveThreshold,
            minSamples: settings.minSamples, features: results, prediction: predictionResult,
            performance: performance.metrics, referencePerformance: referencePerformance,
            estimatedPerformance: estimate?.estimate(), latency: latencies.summary())
    }

    /// Folds each row's label, prediction and score by ``ModelSchema/performance(labels:predictions:scores:)``'s
    /// rules.
    private mutating func addOutcomes(labels: [ScalarValue?], predictions: [ScalarValue?], scores: [Double]) {
        var names = OutcomeNames()
        for index in labels.indices {
            guard let label = labels[index] else { continue }
            fold(label: label, prediction: predictions[index], score: scores[index], removing: false, names: &names)
        }
    }

    /// Adds (or removes) one labelled row's outcome.
    private mutating func fold(
        label: ScalarValue, prediction: ScalarValue?, score: Double, removing: Bool, names: inout OutcomeNames
    ) {
        labelled += removing ? -1 : 1
        switch schema.task {
        case .binary:
            guard let labelName = names.name(of: label), let predictionName = names.name(of: prediction) else { return }
            let positive = schema.positiveLabel ?? "1"
            if removing {
                performance.removeBinary(
                    label: labelName == positive, prediction: predictionName == positive, score: score)
            } else {
                performance.addBinary(label: labelName == positive, prediction: predictionName == positive, score: score)
            }
        case .multiclass:
            guard let labelName = names.name(of: label), let predictionName = names.name(of: prediction) else { return }
            if removing {
                performance.removeMulticlass(label: labelName, prediction: predictionName)
            } else {
                performance.addMulticlass(label: labelName, prediction: predictionName)
            }
        case .regression:
            guard let y = label.numericValue, let yHat = prediction?.numericValue, y.isFinite, yHat.isFinite else {
                return
            }
            if removing {
                performance.removeRegression(label: y, prediction: yHat)
            } else {
                performance.addRegression(label: y, prediction: yHat)
            }
        }
    }

    /// Folds each scored, predicted event into the CBPE estimate (``WindowData/estimatedPerformance(calibration:)``'s rules).
    private mutating func addEstimates(predictions: [ScalarValue?], scores: [Double]) {
        var names = OutcomeNames()
        let positive = schema.positiveLabel ?? "1"
        for (prediction, score) in zip(predictions, scores) {
            guard let prediction, prediction != .null, score.isFinite else { continue }
            estimate?.add(score: score, predictedPositive: names.name(of: prediction) == positive)
        }
    }
}

extension WindowAccumulator {
    /// The performance metrics' task of a model's task.
    static func performanceTask(_ task: ModelTask) -> PerformanceMetrics.Task {
        switch task {
        case .binary: .binary
        case .multiclass: .multiclass
        case .regression: .regression
        }
    }
}

/// ``ScalarValue/categoryName`` memoised per distinct value (a window repeats a few labels and predictions).
private struct OutcomeNames {
    private var names: [ScalarValue: String?] = [:]

    mutating func name(of value: ScalarValue?) -> String? {
        guard let value else { return nil }
        // NaN is not equal to itself, so it would never be found again: name it directly.
        if case .number(let number) = value, number.isNaN { return value.categoryName }
        if let known = names[value] { return known }
        let name = value.categoryName
        names[value] = .some(name)
        return name
    }
}
