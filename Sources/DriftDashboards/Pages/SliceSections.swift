import DriftCore
import DriftEvaluation

/// The model page's versions and segments sections (API.md, "Slices"): per-version accuracy against the
/// reference and traffic share over time, the latest comparisons of each version with the primary as error
/// bars, and a heatmap of the segments' drifted-feature share. Every slice links to its own page.
struct SliceSections {
    let snapshot: ModelSnapshot
    let axis: TimeAxis

    /// One slice in a table: its page, events, and latest complete window's figures.
    struct SliceRow {
        var name: String
        var href: String
        var events: String
        var windows: String
        var accuracy: String
        var driftedShare: String
    }

    /// One comparison in words.
    struct ComparisonRow {
        var versions: String
        var counts: String
        var difference: String
        var verdict: String
    }

    var slices: SliceSnapshot { snapshot.slices }

    /// Accuracy per version against the reference's, and each version's share of the whole model's events.
    func versionCharts() -> [ChartFigure] {
        guard !slices.versions.isEmpty else { return [] }
        let wholeCounts = SlotSeries.values(snapshot.windows, axis: axis) { Double($0.statistics.count) }
        var accuracy: [LineChart.Series] = []
        var share: [LineChart.Series] = []
        for (index, version) in slices.versions.enumerated() {
            let color = index % 7
            accuracy.append(
                .init(
                    name: version.value, color: color,
                    values: SlotSeries.values(version.windows, axis: axis) {
                        $0.statistics.performance?.classifierAccuracy ?? $0.statistics.performance?.values["mae"]
                    }))
            let counts = SlotSeries.values(version.windows, axis: axis) { Double($0.statistics.count) }
            share.append(
                .init(
                    name: version.value, color: color,
                    values: zip(counts, wholeCounts).map { count, whole in
                        guard let count, let whole, whole > 0 else { return nil }
                        return count / whole * 100
                    }))
        }
        let regression = snapshot.task == .regression
        let baseline = (snapshot.windows.last?.statistics.referencePerformance ?? snapshot.referencePerformance)
            .flatMap { regression ? $0.values["mae"] : $0.classifierAccuracy }
        let present = accuracy.flatMap { SlotSeries.present($0.values) } + (baseline.map { [$0] } ?? [])
        var charts: [ChartFigure] = []
        if accuracy.contains(where: { !SlotSeries.present($0.values).isEmpty }) {
            charts.append(
                LineChart(
                    title: regression ? "MAE per version" : "Accuracy per version",
                    yTitle: regression ? "mean absolute error" : "share correct", axis: axis,
                    scale: .nice(low: regression ? 0 : max(0, present.min() ?? 0), high: present.max() ?? 1),
                    series: accuracy,
                    rules: baseline.map {
                        [.init(value: $0, label: regression ? "reference MAE" : "reference accuracy", color: nil)]
                    }
                        ?? [],
                    note: "Measured on each version's labelled events per window, shadow versions included."
                ).figure())
        }
        let shares = share.flatMap { SlotSeries.present($0.values) }
        charts.append(
            LineChart(
                title: "Traffic share per version", yTitle: "events of the whole model (%)", axis: axis,
                scale: .linear(min: 0, max: max(100, (shares.max() ?? 100).rounded(.up))), series: share,
                format: { TextFormat.decimal($0, digits: 1) + "%" },
                note:
                    "A version's events per window as a share of the served (non-shadow) events: a shadow scoring every request shows about 100%."
            ).figure())
        return charts
    }

    /// The primary against every other version over the last day in view, as error bars.
    func comparisonChart() -> ChartFigure? {
        let rows = slices.comparisons.compactMap { comparison -> ErrorBarChart.Row? in
            let accuracy = comparison.difference["accuracy"]
            guard let difference = accuracy ?? comparison.difference["mae"] else { return nil }
            let scale = accuracy == nil ? 1.0 : 100.0
            return ErrorBarChart.Row(
                label: "\(comparison.b.version) − \(comparison.a.version)", estimate: difference.estimate * scale,
                lower: difference.ci95[0] * scale, upper: difference.ci95[1] * scale, pvalue: difference.pvalue)
        }
        guard !rows.isEmpty else { return nil }
        let regression = snapshot.task == .regression
        return ErrorBarChart(
            title: regression
                ? "Latest comparison: MAE difference with the primary (label units)"
                : "Latest comparison: accuracy difference with the primary",
            rows: rows,
            note:
                "Over \(TextFormat.time(slices.comparedFrom)) to \(TextFormat.time(slices.comparedTo)), as GET /v1/models/\(snapshot.name)/compare answers: the dot is B − A, the bar its 95% interval; a bar that crosses zero is not a significant difference."
        ).figure()
    }

    func comparisonRows() -> [ComparisonRow] {
        slices.comparisons.map { comparison in
            let accuracy = comparison.difference["accuracy"]
            let difference = accuracy ?? comparison.difference["mae"]
            let scale = accuracy == nil ? 1.0 : 100.0
            let unit = accuracy == nil ? "" : " points"
            return ComparisonRow(
                versions: "\(comparison.b.version) vs \(comparison.a.version)",
                counts:
                    "\(TextFormat.grouped(comparison.b.count)) / \(TextFormat.grouped(comparison.a.count)) events, \(TextFormat.grouped(comparison.b.labelled)) / \(TextFormat.grouped(comparison.a.labelled)) labelled",
                difference: difference.map {
                    "\(TextFormat.decimal($0.estimate * scale, digits: 1))\(unit), 95% CI [\(TextFormat.decimal($0.ci95[0] * scale, digits: 1)), \(TextFormat.decimal($0.ci95[1] * scale, digits: 1))]"
                } ?? "no labelled events on one side",
                verdict: difference.map {
                    $0.pvalue < 0.05
                        ? "significant (p = \(TextFormat.number($0.pvalue)))"
                        : "not significant (p = \(TextFormat.number($0.pvalue)))"
                } ?? "–")
        }
    }

    func segmentHeatmap() -> ChartFigure? {
        guard !slices.segments.isEmpty else { return nil }
        let rows = slices.segments.map { segment in
            var shares = [Double?](repeating: nil, count: axis.slots)
            for window in segment.windows {
                let slot = axis.slot(of: window.start)
                guard shares.indices.contains(slot),
                    window.statistics.features.values.contains(where: { $0.drift != nil })
                else { continue }
                shares[slot] = window.statistics.driftedFeatureShare
            }
            return SegmentHeatmap.Row(name: segment.name, href: SitePaths.sliceFileName(segment.name), shares: shares)
        }
        return SegmentHeatmap(rows: rows, axis: axis).figure()
    }

    func rows(_ slices: [SliceSnapshot.Slice]) -> [SliceRow] {
        slices.map { slice in
            let latest = slice.windows.last { !$0.partial }
            return SliceRow(
                name: slice.name, href: SitePaths.sliceFileName(slice.name), events: TextFormat.grouped(slice.events),
                windows: TextFormat.grouped(slice.windows.count),
                accuracy: latest?.statistics.performance?.classifierAccuracy.map(TextFormat.number) ?? "–",
                driftedShare: latest.map { window in
                    window.statistics.features.values.contains { $0.drift != nil }
                        ? TextFormat.percent(window.statistics.driftedFeatureShare) : "too few values"
                } ?? "–")
        }
    }
}
