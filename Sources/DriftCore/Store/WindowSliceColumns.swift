/// The per-event fields that decide a window row's slices (API.md, "Slices"): its model version, whether
/// it was a shadow prediction, and its tags. Row *i* belongs to row *i* of the ``WindowData`` that holds
/// these columns.
public struct WindowSliceColumns: Sendable {
    /// The code of each row's version in ``versionNames``; ``noVersion`` for a row without one.
    public var versionCodes: [Int32]
    /// The distinct versions of the window, in order of first appearance.
    public var versionNames: [String]
    /// Whether each row is a shadow prediction (made but not served).
    public var shadow: [Bool]
    /// Each row's tags (sorted by key at ingestion); empty when the row has none, and empty altogether
    /// when no row of the window has tags.
    public var tags: [[Event.Tag]]

    /// The code of a row without a model version.
    public static let noVersion: Int32 = -1

    public init(versionCodes: [Int32] = [], versionNames: [String] = [], shadow: [Bool] = [], tags: [[Event.Tag]] = [])
    {
        self.versionCodes = versionCodes
        self.versionNames = versionNames
        self.shadow = shadow
        self.tags = tags
    }

    /// Whether any row is a shadow prediction.
    public var hasShadow: Bool { shadow.contains(true) }

    /// The value of tag `key` on `row`, or nil.
    public func tag(_ key: String, row: Int) -> String? {
        guard row < tags.count else { return nil }
        return tags[row].first { $0.key == key }?.value
    }
}

/// Builds ``WindowSliceColumns`` one row at a time, interning the versions.
public struct WindowSliceColumnsBuilder {
    private var columns = WindowSliceColumns()
    private var codeOfVersion: [String: Int32] = [:]
    private var rows = 0

    public init(expectedRows: Int) {
        columns.versionCodes.reserveCapacity(expectedRows)
        columns.shadow.reserveCapacity(expectedRows)
    }

    /// Adds one row: its version (nil for none), shadow flag and tags.
    public mutating func append(version: String?, shadow: Bool, tags: [Event.Tag]) {
        if let version {
            if let code = codeOfVersion[version] {
                columns.versionCodes.append(code)
            } else {
                let code = Int32(columns.versionNames.count)
                codeOfVersion[version] = code
                columns.versionNames.append(version)
                columns.versionCodes.append(code)
            }
        } else {
            columns.versionCodes.append(WindowSliceColumns.noVersion)
        }
        columns.shadow.append(shadow)
        if !tags.isEmpty {
            // Rows before the first tagged one get empty tag lists only once one is needed.
            if columns.tags.count < rows {
                columns.tags.append(contentsOf: repeatElement([], count: rows - columns.tags.count))
            }
            columns.tags.append(tags)
        } else if !columns.tags.isEmpty {
            columns.tags.append([])
        }
        rows += 1
    }

    /// The finished columns.
    public func finish() -> WindowSliceColumns { columns }
}
