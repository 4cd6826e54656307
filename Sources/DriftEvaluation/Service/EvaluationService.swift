import Dispatch
public import DriftCore
import Foundation

/// Evaluates each model's windows as they become due and stores the results (API.md, "window";
/// STATISTICS.md, "Windows").
///
/// On each call it reads the windows whose events or labels changed since its last call (the store's
/// change log, from a cursor kept in the store), asks ``DuePlanner`` which windows are due, evaluates
/// them with ``WindowEvaluator`` — streaming the window's rows in chunks, and folding into a kept window
/// state only the rows that arrived since its last pass (``WindowStateCache``) — and saves each result, counting re-evaluations:
/// - a window is evaluated once it has ended and waited out `allowed_lateness`; until then, when it has
///   events, it is evaluated as `partial`;
/// - a late event or label re-evaluates its window while the window's end is within `lateness_horizon`;
/// - a window keeps the reference version of its first evaluation; new windows take the latest.
///
/// The clock is injected and read once per call, so tests (and replays) control time. Every method is
/// synchronous and blocks on the store; calls are serialised, so two callers never evaluate the same
/// window at once. ``evaluateAllDue()`` runs the work on a dispatch queue for async callers (a
/// `ServiceLifecycle` service's loop, for example).
public final class EvaluationService: Sendable {
    /// The store read from and written to.
    public let store: any StoragePort
    /// The settings of models without their own.
    public let defaultSettings: EvaluationSettings
    /// Per-model settings that replace ``defaultSettings``.
    public let modelSettings: [ModelName: EvaluationSettings]
    /// The clock: milliseconds since the Unix epoch.
    public let now: @Sendable () -> Int64
    private let references: ReferenceCache
    /// The segment references of slices (API.md, "Slices"), read once per reference version.
    let segmentReferences: SegmentReferenceCache
    /// The streaming states of recently evaluated windows, so that a pass reads only what arrived; saved
    /// to the store so that a restart or another replica does too (``WindowStatePersistence``).
    public let windowStates: WindowStateCache
    /// Held for the length of one evaluation pass.
    private let serial = Locked(())

    /// - Parameters:
    ///   - store: the store with the models' references and events.
    ///   - defaultSettings: settings of every model not in `modelSettings`.
    ///   - modelSettings: per-model settings.
    ///   - now: the clock (default: the system clock).
    ///   - stateSaveIntervalMilliseconds: the longest a window's saved state lags its in-memory one
    ///     (`evaluation.state_save_interval`; 0 saves after every pass; ``WindowStatePersistence``); nil
    ///     keeps states in memory only, never saved nor loaded (the benchmark's passes, timed without saving).
    /// - Throws: ``EvaluationError/Code/invalidSettings`` when a setting is out of range.
    public init(
        store: any StoragePort, defaultSettings: EvaluationSettings = EvaluationSettings(),
        modelSettings: [ModelName: EvaluationSettings] = [:],
        now: @escaping @Sendable () -> Int64 = WallClock.system,
        stateSaveIntervalMilliseconds: Int64? = WindowStatePersistence.defaultSaveIntervalMilliseconds
    ) throws(EvaluationError) {
        try defaultSettings.validate()
        for settings in modelSettings.values { try settings.validate() }
        if let interval = stateSaveIntervalMilliseconds, interval < 0 {
            throw EvaluationError(.invalidSettings, "state_save_interval must be ≥ 0")
        }
        windowStates = WindowStateCache(
            persistence: stateSaveIntervalMilliseconds.map { WindowStatePersistence(saveIntervalMilliseconds: $0) })
        self.store = store
        self.defaultSettings = defaultSettings
        self.modelSettings = modelSettings
        self.now = now
        references = ReferenceCache(store: store)
        segmentReferences = SegmentReferenceCache(store: store)
    }

    /// The settings `model` is evaluated with.
    public func settings(for model: ModelName) -> EvaluationSettings {
        modelSettings[model] ?? defaultSettings
    }

    /// Evaluates the due windows of `model` at the clock's time.
    /// - Returns: the results saved, oldest window first, with their evaluation counts.
    /// - Throws: ``EvaluationError/Code/unknownModel`` when the model has no reference; other codes when
    ///   the store fails. Results saved before the failure stay saved, and the windows not yet seen are
    ///   evaluated on the next call.
    @discardableResult
    public func evaluateDue(model: ModelName) throws(EvaluationError) -> [WindowResult] {
        try evaluateDue(model: model, now: now())
    }

    /// Evaluates the due windows of `model` as of `now` (milliseconds since the Unix epoch).
    /// - Returns: the results saved, oldest window first, with their evaluation counts.
    /// - Throws: as ``evaluateDue(model:)``.
    @discardableResult
    public func evaluateDue(model: ModelName, now: Int64) throws(EvaluationError) -> [WindowResult] {
        try serial.withLock { _ throws(EvaluationError) in try evaluateDueSerially(model: model, now: now) }
    }

    /// Evaluates the due windows of every model with a reference as of `now`. A failure of one model
    /// does not stop the others; a model that another replica of a shared store is evaluating is left out.
    /// - Throws: ``EvaluationError/Code/store`` only when the list of models cannot be read.
    public func evaluateAllDue(now: Int64) throws(EvaluationError) -> [ModelName: Result<[WindowResult], EvaluationError>] {
        let models = try EvaluationError.store { () throws(StoreError) in try store.models() }
        var outcomes: [ModelName: Result<[WindowResult], EvaluationError>] = [:]
        for model in models {
            // Replicas sharing a store evaluate a model one at a time; a model another one holds is skipped.
            let claimed = Result { () throws(StoreError) in
                try store.exclusively("evaluate:\(model.name)") {
                    Result { () throws(EvaluationError) in try evaluateDue(model: model.name, now: now) }
                }
            }
            switch claimed {
            case .success(let outcome?): outcomes[model.name] = outcome
            case .success(nil): continue
            case .failure(let error): outcomes[model.name] = .failure(EvaluationError(error))
            }
        }
        return outcomes
    }

    /// ``evaluateAllDue(now:)`` at the clock's time, run on a dispatch queue so that the caller's
    /// cooperative thread does not block on the store.
    public func evaluateAllDue() async throws(EvaluationError) -> [ModelName: Result<[WindowResult], EvaluationError>] {
        let outcome = await withCheckedContinuation { continuation in
            Self.queue.async {
                continuation.resume(returning: Result { () throws(EvaluationError) in try self.evaluateAllDue(now: self.now()) })
            }
        }
        return try outcome.get()
    }

    private static let queue = DispatchQueue(label: "driftwatch.evaluation", qos: .utility)

    /// One pass over `model`, with ``serial`` held.
    private func evaluateDueSerially(model: ModelName, now: Int64) throws(EvaluationError) -> [WindowResult] {
        let settings = settings(for: model)
        let latest = try references.latestVersion(model: model)
        let touched = try EvaluationError.store { () throws(StoreError) in
            try store.touchedWindows(
                model: model, windowMilliseconds: settings.windowMilliseconds,
                afterSequence: try store.evaluationCursor(model: model))
        }
        let plan = DuePlanner(settings: settings).plan(
            now: now, touched: touched.windowStarts, stored: try storedStatuses(model: model, touched: touched),
            gapStart: try gapStart(model: model, settings: settings))
        var results: [WindowResult] = []
        for window in plan {
            let reference = try reference(model: model, version: window.referenceVersion, latest: latest)
            // A window with slices is read once, each row routed to the whole model (shadow events
            // excluded) and to its slices (EvaluationService+Slices.swift); one without is folded
            // incrementally into the window's kept state when there is one (WindowStateCache).
            var result: WindowResult
            // A window evaluated before by another process (or before a restart) continues from its saved state.
            // A sliced window's state comes back with its saved slices.
            windowStates.restore(
                model: model, start: window.start, reference: reference, settings: settings, store: store,
                references: self.sliceReferences(model: model, reference: reference, settings: settings))
            if windowNeedsSlices(model: model, start: window.start, reference: reference, settings: settings) {
                let (whole, full) = try evaluateWithSlices(
                    model: model, start: window.start, end: window.end, partial: window.partial, reference: reference,
                    settings: settings, now: now)
                result = whole
                // Saved with its slices, so that a restart or another replica continues from it.
                windowStates.saveKept(
                    model: model, start: window.start, full: full, partial: window.partial, now: now, store: store)
            } else {
                let (whole, cost) = try windowStates.evaluate(
                    model: model, start: window.start, end: window.end, partial: window.partial, reference: reference,
                    settings: settings, store: store, evaluatedAt: now)
                result = whole
                // The new rows brought the window's first version, tag or shadow prediction: one routed pass.
                if cost.slicedRows > 0 {
                    result = try evaluateWithSlices(
                        model: model, start: window.start, end: window.end, partial: window.partial,
                        reference: reference, settings: settings, now: now
                    ).result
                    windowStates.saveKept(
                        model: model, start: window.start, full: true, partial: window.partial, now: now, store: store)
                }
            }
            result.statistics = result.statistics.adjusted(
                by: settings.multipleTesting, threshold: settings.driftThreshold)
            results.append(try store.saveWindowResult(model: model, result: result))
        }
        try EvaluationError.store { () throws(StoreError) in
            try store.setEvaluationCursor(model: model, sequence: touched.lastSequence)
        }
        return results
    }

    /// Reference `version` of `model`, or the latest when `version` is nil or no longer stored.
    private func reference(model: ModelName, version: Int?, latest: Int) throws(EvaluationError) -> StoredReference {
        if let version, let kept = try references.reference(model: model, version: version) { return kept }
        guard let reference = try references.reference(model: model, version: latest) else {
            throw EvaluationError(.unknownModel, "model \(model) has no reference version \(latest)")
        }
        return reference
    }

    /// The stored results the planner needs: every partial one and those of the touched windows.
    private func storedStatuses(model: ModelName, touched: TouchedWindows) throws(EvaluationError)
        -> [Int64: WindowResultStatus]
    {
        try EvaluationError.store { () throws(StoreError) in
            var stored: [Int64: WindowResultStatus] = [:]
            for status in try store.partialWindowResults(model: model) { stored[status.start] = status }
            if let first = touched.windowStarts.first, let last = touched.windowStarts.last {
                let inRange = try store.windowResultStatuses(model: model, startingFrom: first, before: last + 1)
                for status in inRange { stored[status.start] = status }
            }
            return stored
        }
    }

    /// Where empty closed windows are filled in from: after the latest final window, or from the
    /// earliest event when no window is final yet; nil when the model has no events.
    private func gapStart(model: ModelName, settings: EvaluationSettings) throws(EvaluationError) -> Int64? {
        try EvaluationError.store { () throws(StoreError) in
            if let latestFinal = try store.latestFinalWindowStart(model: model) {
                return latestFinal + settings.windowMilliseconds
            }
            return try store.eventTimeRange(model: model)?.lowerBound
        }
    }
}
