import DriftCore
import DriftEvaluation
import DriftStats

/// Reads a ``ModelSnapshot`` from the store (and the alert source) through the store's public API:
/// the models, their latest references, the evaluated windows of the latest ``DashboardOptions/maxWindows``
/// slots, and the raw values of the two latest windows with events for the histograms.
struct SnapshotLoader {
    let store: any StoragePort
    let alerts: any AlertTimelineSource
    let options: DashboardOptions

    /// How far back alerts are read for a model without windows.
    static let alertLookback: Int64 = 30 * 86_400_000

    /// Every model with a reference, by name.
    func models() throws(DashboardError) -> [ModelRecord] {
        do {
            return try store.models()
        } catch {
            throw DashboardError(.store, "cannot list the models in \(store.location): \(error.message)")
        }
    }

    /// The snapshot of one model.
    func load(_ record: ModelRecord, now: Int64) throws(DashboardError) -> ModelSnapshot {
        let model = record.name
        let reference = try storeCall(model) { () throws(StoreError) in try store.latestReference(model: model) }
        let statuses = try storeCall(model) { () throws(StoreError) in
            try store.windowResultStatuses(model: model, startingFrom: .min, before: .max)
        }
        var windows: [WindowResult] = []
        var axis: TimeAxis?
        if let last = statuses.last {
            let step = max(last.end - last.start, 1)
            let from = last.start - Int64(options.maxWindows - 1) * step
            do {
                windows = try store.evaluatedWindows(model: model, from: from).filter { $0.start >= from }
            } catch {
                throw DashboardError(.store, "cannot read the evaluated windows of \(model): \(error.message)")
            }
            if let first = windows.first {
                var timeAxis = TimeAxis(start: first.start, step: step, slots: 1)
                timeAxis.slots = max(timeAxis.slot(of: last.start) + 1, 1)
                axis = timeAxis
            }
        }
        let (histograms, gap) = try histograms(model: model, windows: windows)
        let alertFrom = axis?.start ?? now - Self.alertLookback
        let alertTo = max(now, axis?.end ?? now) + 1
        let entries: [AlertTimelineEntry]
        do {
            entries = try alerts.alertTimeline(model: model, from: alertFrom, to: alertTo).filter { $0.model == model }
        } catch {
            throw DashboardError(.alertSource, "cannot read the alert timeline of \(model): \(error)")
        }
        let schema = reference?.schema ?? record.schema
        let slices = try sliceHistograms(model: model, slices: try slices(model: model, schema: schema, axis: axis))
        return ModelSnapshot(
            name: model, task: schema.task, referenceVersion: reference?.version ?? record.referenceVersion,
            referenceCreatedAt: reference?.createdAt ?? record.createdAt,
            referenceRows: reference?.rowCount ?? record.referenceRowCount,
            referencePerformance: reference?.performance,
            features: schema.features.map { ModelSnapshot.Feature(name: $0.name, type: $0.type) }, windows: windows,
            storedWindowCount: statuses.count, axis: axis, histograms: histograms, histogramGap: gap,
            alerts: entries.sorted { $0.at < $1.at }, eventCount: record.eventCount, slices: slices)
    }

    /// Histograms of the two latest windows that had events, and a sentence for features without them.
    private func histograms(model: ModelName, windows: [WindowResult]) throws(DashboardError)
        -> ([String: FeatureHistograms], String)
    {
        let recent = Array(windows.filter { $0.statistics.count > 0 }.suffix(2).reversed())
        guard !recent.isEmpty else { return ([:], "No window in view has events.") }
        var references: [Int: StoredReference] = [:]
        var byFeature: [String: FeatureHistograms] = [:]
        var gap = ""
        for (position, window) in recent.enumerated() {
            if references[window.referenceVersion] == nil {
                references[window.referenceVersion] = try storeCall(model) { () throws(StoreError) in
                    try store.reference(model: model, version: window.referenceVersion)
                }
            }
            guard let reference = references[window.referenceVersion] else { continue }
            let data = try storeCall(model) { () throws(StoreError) in
                try store.windowData(
                    model: model, from: window.start, to: window.end, referenceVersion: window.referenceVersion)
            }
            if data.count == 0 {
                gap =
                    "The raw events of the window of \(TextFormat.time(window.start)) are no longer stored (retention), so its values cannot be binned."
                continue
            }
            // The whole model's values: shadow predictions were not served (API.md, "Slices").
            let shadow = data.sliceColumns.shadow
            let served = shadow.contains(true) ? data.rows(shadow.indices.filter { !shadow[$0] }) : data
            for (name, histogram) in Self.histograms(of: served, reference: reference, window: window) {
                if position == 0 {
                    byFeature[name, default: FeatureHistograms()].latest = histogram
                } else {
                    byFeature[name, default: FeatureHistograms()].previous = histogram
                }
            }
        }
        return (byFeature, gap.isEmpty ? "The feature has no values in the latest windows." : gap)
    }

    /// Each feature's values in `data` (a window's rows, or a slice's) binned against `reference`.
    static func histograms(of data: WindowData, reference: StoredReference, window: WindowResult)
        -> [String: HistogramData]
    {
        var byFeature: [String: HistogramData] = [:]
        for feature in reference.schema.features {
            guard let profile = reference.profile.features[feature.name], let column = data.column(named: feature.name)
            else { continue }
            switch (profile, column) {
            case (.numeric(let numeric), .numeric(let values)):
                byFeature[feature.name] = .numeric(
                    reference: numeric, values: values, windowStart: window.start, partial: window.partial,
                    referenceVersion: window.referenceVersion)
            case (.categorical(let categorical), .categorical(let values)):
                byFeature[feature.name] = .categorical(
                    reference: categorical, column: values, windowStart: window.start, partial: window.partial,
                    referenceVersion: window.referenceVersion)
            default:
                continue
            }
        }
        return byFeature
    }

    func storeCall<T>(_ model: ModelName, _ body: () throws(StoreError) -> T) throws(DashboardError) -> T {
        do {
            return try body()
        } catch {
            throw DashboardError(.store, "cannot read model \(model) from \(store.location): \(error.message)")
        }
    }
}
