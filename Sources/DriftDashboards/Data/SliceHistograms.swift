import DriftCore
import DriftEvaluation
import DriftStats

/// The rows of a window that belong to one slice (API.md, "Slices"), picked from the window's slice
/// columns the way the evaluation routes them: a version's rows shadow or not; a segment value's rows not
/// marked shadow with that value of the key (the category of a categorical feature of the schema, else
/// the tag); `__missing__` the rows without one; `__other__` the rows whose value has no slice of its own
/// in that window (`kept`).
enum SliceRowFilter {
    /// The rows of `data` in slice `key`:`value`, ascending.
    static func rows(of data: WindowData, key: String, value: String, kept: Set<String>) -> [Int] {
        let columns = data.sliceColumns
        let count = data.count
        if key == SliceSnapshot.versionKey {
            guard columns.versionCodes.count == count,
                let code = columns.versionNames.firstIndex(of: value).map(Int32.init)
            else { return [] }
            return columns.versionCodes.indices.filter { columns.versionCodes[$0] == code }
        }
        let shadow = columns.shadow.count == count ? columns.shadow : []
        let values = segmentValues(of: data, key: key)
        return (0..<count).filter { row in
            if !shadow.isEmpty && shadow[row] { return false }
            switch value {
            case SliceKey.missingValue: return values(row) == nil
            case SliceKey.otherValue: return values(row).map { !kept.contains($0) } ?? false
            default: return values(row) == value
            }
        }
    }

    /// Each row's value of segment key `key`, or nil.
    private static func segmentValues(of data: WindowData, key: String) -> (Int) -> String? {
        if data.schema.type(of: key) == .categorical, case .categorical(let column)? = data.column(named: key) {
            return { row in
                let code = column.codes[row]
                return code == CategoricalColumn.missingCode ? nil : column.categories[Int(code)]
            }
        }
        return { row in data.sliceColumns.tag(key, row: row) }
    }
}

extension SnapshotLoader {
    /// Each slice's histograms of its latest window with events (against the reference that window was
    /// compared with), the window's rows read once per window and picked per slice; with a sentence for
    /// slices without them.
    func sliceHistograms(model: ModelName, slices: SliceSnapshot) throws(DashboardError) -> SliceSnapshot {
        var result = slices
        var windows: [Int64: WindowData] = [:]
        var references: [Int: StoredReference] = [:]
        func histograms(of slice: SliceSnapshot.Slice) throws(DashboardError) -> ([String: FeatureHistograms], String) {
            guard let window = slice.windows.last(where: { $0.statistics.count > 0 }) else {
                return ([:], "No window of this slice in view has events.")
            }
            if references[window.referenceVersion] == nil {
                references[window.referenceVersion] = try storeCall(model) { () throws(StoreError) in
                    try store.reference(model: model, version: window.referenceVersion)
                }
            }
            guard let reference = references[window.referenceVersion] else { return ([:], "The reference is gone.") }
            if windows[window.start] == nil {
                windows[window.start] = try storeCall(model) { () throws(StoreError) in
                    try store.windowData(
                        model: model, from: window.start, to: window.end, referenceVersion: window.referenceVersion)
                }
            }
            guard let data = windows[window.start], data.count > 0 else {
                return (
                    [:],
                    "The raw events of the window of \(TextFormat.time(window.start)) are no longer stored (retention), so its values cannot be binned."
                )
            }
            let kept = Set(
                slices.segments.filter { $0.key == slice.key && $0.windows.contains { $0.start == window.start } }
                    .map(\.value))
            let rows = SliceRowFilter.rows(of: data, key: slice.key, value: slice.value, kept: kept)
            var byFeature: [String: FeatureHistograms] = [:]
            for (name, histogram) in Self.histograms(of: data.rows(rows), reference: reference, window: window)
            where window.statistics.features[name] != nil {
                byFeature[name] = FeatureHistograms(latest: histogram)
            }
            return (byFeature, "The feature has no values in the slice's latest window.")
        }
        for index in result.versions.indices {
            (result.versions[index].histograms, result.versions[index].histogramGap) = try histograms(
                of: result.versions[index])
        }
        for index in result.segments.indices {
            (result.segments[index].histograms, result.segments[index].histogramGap) = try histograms(
                of: result.segments[index])
        }
        return result
    }
}
