public import DriftCore
import DriftStats

/// The rows of one slice of a window.
public struct SliceRows: Sendable, Equatable {
    /// The slice.
    public var slice: SliceKey
    /// Its rows in the window, ascending.
    public var rows: [Int]
}

/// Routes a window's rows to its slices (API.md, "Slices") in one pass over the rows per slice family:
/// - `model_version:V`: the rows of each version, shadow or not;
/// - `KEY:VALUE` for each segment key: the non-shadow rows by the key's value (the category of a
///   categorical feature of the schema, else the tag), the `max_segment_values` most frequent values of
///   the window with slices of their own (ties by value), the others in `KEY:__other__`, rows without a
///   value in `KEY:__missing__`.
///
/// It only produces row index sets, so that each slice can be evaluated on its own rows, whichever way
/// the rows are later accumulated.
public enum WindowSliceRouting {
    /// The slices of `data` with their rows, the whole model aside (it is streamed, see
    /// ``WindowStateCache``): the versions by name, then each segment key's slices by value.
    public static func route(_ data: WindowData, segments: SegmentSettings) -> [SliceRows] {
        let slices = data.sliceColumns
        let rowCount = data.count
        let hasShadow = slices.shadow.count == rowCount && slices.hasShadow
        func isShadow(_ row: Int) -> Bool { hasShadow && slices.shadow[row] }
        var routed: [SliceRows] = []

        if slices.versionCodes.count == rowCount, !slices.versionNames.isEmpty {
            var rowsOfVersion = [[Int]](repeating: [], count: slices.versionNames.count)
            for (row, code) in slices.versionCodes.enumerated() where code != WindowSliceColumns.noVersion {
                rowsOfVersion[Int(code)].append(row)
            }
            for code in slices.versionNames.indices.sorted(by: { slices.versionNames[$0] < slices.versionNames[$1] }) {
                routed.append(SliceRows(slice: .version(slices.versionNames[code]), rows: rowsOfVersion[code]))
            }
        }

        for key in segments.keys {
            let (names, codes) = segmentValues(of: key, in: data)
            routed += segmentSlices(
                key: key, names: names, codes: codes, maxValues: segments.maxValues, isShadow: isShadow)
        }
        return routed
    }

    /// Each row's value of segment key `key` as a code into the returned names (-1: none).
    static func segmentValues(of key: String, in data: WindowData) -> (names: [String], codes: [Int32]) {
        if let index = data.schema.features.firstIndex(where: { $0.name == key && $0.type == .categorical }),
            case .categorical(let column) = data.columns[index]
        {
            return (column.categories, column.codes)
        }
        var codeOfName: [String: Int32] = [:]
        var names: [String] = []
        var codes = [Int32](repeating: CategoricalColumn.missingCode, count: data.count)
        let tags = data.sliceColumns.tags
        for row in tags.indices {
            guard let value = tags[row].first(where: { $0.key == key })?.value else { continue }
            if let code = codeOfName[value] {
                codes[row] = code
            } else {
                let code = Int32(names.count)
                codeOfName[value] = code
                names.append(value)
                codes[row] = code
            }
        }
        return (names, codes)
    }

    /// The slices of one segment key, the cap applied.
    static func segmentSlices(
        key: String, names: [String], codes: [Int32], maxValues: Int, isShadow: (Int) -> Bool
    ) -> [SliceRows] {
        var rowsOfCode = [[Int]](repeating: [], count: names.count)
        var missing: [Int] = []
        for (row, code) in codes.enumerated() where !isShadow(row) {
            if code == CategoricalColumn.missingCode { missing.append(row) } else { rowsOfCode[Int(code)].append(row) }
        }
        let present = names.indices.filter { !rowsOfCode[$0].isEmpty }
        let kept = present.sorted { lhs, rhs in
            rowsOfCode[lhs].count != rowsOfCode[rhs].count
                ? rowsOfCode[lhs].count > rowsOfCode[rhs].count : names[lhs] < names[rhs]
        }.prefix(maxValues)
        let keptSet = Set(kept)
        var slices = kept.sorted { names[$0] < names[$1] }.map {
            SliceRows(slice: .segment(key, names[$0]), rows: rowsOfCode[$0])
        }
        let other = present.filter { !keptSet.contains($0) }
        if !other.isEmpty {
            slices.append(
                SliceRows(slice: .segment(key, SliceKey.otherValue), rows: other.flatMap { rowsOfCode[$0] }.sorted()))
        }
        if !missing.isEmpty { slices.append(SliceRows(slice: .segment(key, SliceKey.missingValue), rows: missing)) }
        return slices
    }
}
