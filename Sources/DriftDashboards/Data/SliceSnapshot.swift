import DriftCore
import DriftEvaluation
import DriftStats

/// The slices of one model in view (API.md, "Slices"): each version's and each segment's windows, and the
/// latest comparison of every version with the primary (the version with the most events).
struct SliceSnapshot: Sendable {
    /// One slice: `KEY:VALUE` with its windows in view, oldest first.
    struct Slice: Sendable {
        var key: String
        var value: String
        /// Events over the slice's windows in view.
        var events: Int
        var windows: [WindowResult]
        /// Per feature, the histogram of the slice's latest window with events.
        var histograms: [String: FeatureHistograms] = [:]
        /// Why a feature has no histogram, when it has none.
        var histogramGap = ""
        var name: String { key + ":" + value }
    }

    /// `model_version:V` slices, the most events first (ties by value).
    var versions: [Slice] = []
    /// Segment slices (`KEY:VALUE` of the configured keys), by key then value.
    var segments: [Slice] = []
    /// The primary (the version with the most events) against each other version over
    /// [``comparedFrom``, ``comparedTo``).
    var comparisons: [VersionComparison] = []
    var comparedFrom: Int64 = 0
    var comparedTo: Int64 = 0

    /// The key of version slices.
    static let versionKey = "model_version"
    /// How far back the versions are compared: the compare endpoint's default range.
    static let comparisonSpan: Int64 = 86_400_000

    var isEmpty: Bool { versions.isEmpty && segments.isEmpty }
}

extension SnapshotLoader {
    /// The slices of `model` with windows from `axis.start` on, read through the store's slice API, and
    /// the versions compared over the last day up to the axis' end.
    func slices(model: ModelName, schema: ModelSchema, axis: TimeAxis?) throws(DashboardError) -> SliceSnapshot {
        guard let axis else { return SliceSnapshot() }
        var snapshot = SliceSnapshot()
        do {
            let summaries = try store.sliceSummaries(model: model, from: axis.start, to: nil)
            for summary in summaries {
                guard let colon = summary.slice.firstIndex(of: ":") else { continue }
                let stored = try store.sliceWindowResults(model: model, slice: summary.slice, from: axis.start, to: nil)
                let windows = try stored.map { (row) throws(EvaluationError) in try WindowResult(stored: row.window) }
                let slice = SliceSnapshot.Slice(
                    key: String(summary.slice[..<colon]),
                    value: String(summary.slice[summary.slice.index(after: colon)...]),
                    events: summary.events, windows: windows.sorted { $0.start < $1.start })
                if slice.key == SliceSnapshot.versionKey {
                    snapshot.versions.append(slice)
                } else {
                    snapshot.segments.append(slice)
                }
            }
            snapshot.versions.sort { $0.events != $1.events ? $0.events > $1.events : $0.value < $1.value }
            snapshot.segments.sort { $0.key != $1.key ? $0.key < $1.key : $0.value < $1.value }
            if let primary = snapshot.versions.first, snapshot.versions.count > 1 {
                snapshot.comparedTo = axis.end
                snapshot.comparedFrom = max(axis.start, axis.end - SliceSnapshot.comparisonSpan)
                for other in snapshot.versions.dropFirst() {
                    guard
                        let outcomes = try store.versionOutcomes(
                            model: model, a: primary.value, b: other.value, from: snapshot.comparedFrom,
                            to: snapshot.comparedTo)
                    else { continue }
                    snapshot.comparisons.append(
                        VersionComparison(schema: schema, a: primary.value, b: other.value, outcomes: outcomes))
                }
            }
        } catch let error as StoreError {
            throw DashboardError(.store, "cannot read the slices of \(model) from \(store.location): \(error.message)")
        } catch let error as EvaluationError {
            throw DashboardError(.store, "a stored slice window of \(model) does not decode: \(error)")
        } catch {
            throw DashboardError(.store, "cannot read the slices of \(model): \(error)")
        }
        return snapshot
    }
}

extension ModelSnapshot {
    /// The snapshot a slice's page shows: the model's reference and features with the slice's windows,
    /// events, histograms and alerts, and no slices of its own.
    func sliceSnapshot(_ slice: SliceSnapshot.Slice) -> ModelSnapshot {
        var copy = self
        copy.windows = slice.windows
        copy.storedWindowCount = slice.windows.count
        copy.eventCount = slice.events
        copy.histograms = slice.histograms
        copy.histogramGap = slice.histogramGap
        copy.alerts = alerts.filter { $0.slice == slice.name }
        copy.slices = SliceSnapshot()
        return copy
    }
}
