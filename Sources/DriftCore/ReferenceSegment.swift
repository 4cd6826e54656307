public import DriftStats

/// The reference rows with one value of one categorical feature, prepared as a reference of their own:
/// the reference of that value's segment slice (API.md, "Slices": `reference_scope: "segment"`).
public struct ReferenceSegment: Sendable, Equatable {
    /// The categorical feature.
    public var feature: String
    /// Its value shared by the rows.
    public var value: String
    /// The rows prepared like the whole reference, with the same bin count; `rowCount` is their number.
    public var profile: ReferenceProfile
    /// The rows' own performance, the baseline of the segment's windows; nil without labels.
    public var performance: PerformanceMetrics?

    public init(feature: String, value: String, profile: ReferenceProfile, performance: PerformanceMetrics?) {
        self.feature = feature
        self.value = value
        self.profile = profile
        self.performance = performance
    }
}

extension ReferenceBuilder {
    /// The most values of one categorical feature that get a segment reference: the most frequent ones.
    /// A slice of a rarer value is compared with the whole reference, as `__other__` is.
    public static let maxSegmentReferencesPerFeature = 1_000

    /// The segment references of a prepared reference: for each categorical feature, the rows with each
    /// of its values (at most ``maxSegmentReferencesPerFeature``, the most frequent), prepared with the
    /// model's schema so the prediction is compared as the whole reference's is.
    ///
    /// Every categorical feature gets them, not only the configured segment keys, so that a key added to
    /// the configuration later finds its references. Whether a segment has enough rows (`min_samples`) is
    /// decided when a window is evaluated.
    ///
    /// - Parameters:
    ///   - columns: the reference's columns, as given to ``prepare(columns:bins:)``.
    ///   - prepared: what ``prepare(columns:bins:)`` made of them.
    ///   - bins: the bin count of ``prepare(columns:bins:)``.
    public static func segments(
        columns: [(name: String, values: ColumnValues)], prepared: Prepared, bins: Int = 10
    ) -> [ReferenceSegment] {
        let categorical = Set(prepared.schema.features.filter { $0.type == .categorical }.map(\.name))
        var segments: [ReferenceSegment] = []
        for (name, values) in columns where categorical.contains(name) {
            guard case .categorical(let column) = values else { continue }
            var rowsOfCode = [[Int]](repeating: [], count: column.categories.count)
            for (row, code) in column.codes.enumerated() where code != CategoricalColumn.missingCode {
                rowsOfCode[Int(code)].append(row)
            }
            let kept = rowsOfCode.indices.filter { !rowsOfCode[$0].isEmpty }
                .sorted {
                    (rowsOfCode[$0].count, column.categories[$1]) > (rowsOfCode[$1].count, column.categories[$0])
                }
                .prefix(maxSegmentReferencesPerFeature)
            for code in kept {
                segments.append(
                    segment(
                        feature: name, value: column.categories[code], rows: rowsOfCode[code], columns: columns,
                        prepared: prepared, bins: bins))
            }
        }
        return segments
    }

    /// One value's rows prepared as a reference.
    private static func segment(
        feature: String, value: String, rows: [Int], columns: [(name: String, values: ColumnValues)],
        prepared: Prepared, bins: Int
    ) -> ReferenceSegment {
        var features: [(name: String, reference: FeatureReference)] = []
        var prediction: FeatureReference?
        for (name, values) in columns {
            switch name {
            case labelColumn, scoreColumn:
                continue
            case predictionColumn:
                let subset = values.rows(rows)
                prediction = FeatureReference(
                    values: prepared.schema.task == .regression ? subset : subset.asCategorical(), bins: bins)
            default:
                features.append((name, FeatureReference(values: values.rows(rows), bins: bins)))
            }
        }
        let profile = ReferenceProfile(
            features: features, rowCount: rows.count, prediction: prediction, calibration: prepared.profile.calibration)
        let subset = Prepared(
            schema: prepared.schema, profile: profile,
            labels: prepared.labels.map { labels in rows.map { labels[$0] } },
            predictions: prepared.predictions.map { predictions in rows.map { predictions[$0] } },
            scores: prepared.scores.map { scores in rows.map { scores[$0] } })
        return ReferenceSegment(feature: feature, value: value, profile: profile, performance: subset.performance())
    }
}
