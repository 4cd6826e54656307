import DriftCore
import DriftEvaluation
import DriftStats

/// A model's page: status and reference, the drift heatmap, drifted-feature share and prediction drift,
/// performance with label coverage, volume and data quality, per-feature PSI/KS small multiples, and the
/// alert timeline; a slice's page (``slice``) adds the histograms of the slice's latest window.
struct ModelPage {
    let snapshot: ModelSnapshot
    let assessment: StatusAssessment
    let options: DashboardOptions
    /// Set on a slice's page: the slice (`region:eu`) whose windows the snapshot holds.
    var slice: String?

    struct LatestRow {
        var name: String
        var href: String
        var type: String
        var psi: String
        var pvalue: String
        var drift: String
        var driftClass: String
        var count: String
        var missing: String
        var outside: String
    }

    struct FeatureCard {
        var name: String
        var href: String
        var type: String
        var latestPSI: String
        var drifted: String
        var charts: [ChartFigure]
    }

    struct AlertRow {
        var at: String
        var name: String
        var state: String
        var value: String
        var deliveries: String
    }

    struct View {
        var pageTitle: String
        var css: String
        var generatedAt: String
        var name: String
        var statusClass: String
        var statusSymbol: String
        var statusLabel: String
        var reason: String
        var facts: [Fact]
        var hasWindows: Bool
        var heatmap: ChartFigure?
        var driftCharts: [ChartFigure]
        var hasPerformance: Bool
        var performanceCharts: [ChartFigure]
        var qualityCharts: [ChartFigure]
        var latestWindow: String
        var latestRows: [LatestRow]
        var featureCards: [FeatureCard]
        var hasAlerts: Bool
        var alertChart: ChartFigure?
        var alertRows: [AlertRow]
        var alertsTruncated: Bool
        var alertRowCount: Int
        var alertCount: Int
        var heading: String
        var isSlice: Bool
        var slice: String
        var hasVersions = false
        var versionCharts: [ChartFigure] = []
        var comparisonChart: ChartFigure?
        var comparisonRows: [SliceSections.ComparisonRow] = []
        var versionRows: [SliceSections.SliceRow] = []
        var hasSegments = false
        var segmentHeatmap: ChartFigure?
        var segmentRows: [SliceSections.SliceRow] = []
        /// A slice's page: each feature's histogram of the slice's latest window against the reference.
        var sliceHistograms: [ChartFigure] = []
        var hasSliceHistograms = false
        var sliceHistogramGap = ""
    }

    /// Features in the order of the heatmap and the cards: most often drifted first, then by the highest
    /// PSI, then in the reference's order.
    var orderedFeatures: [ModelSnapshot.Feature] {
        var drifted: [String: Int] = [:]
        var highest: [String: Double] = [:]
        for feature in snapshot.features {
            drifted[feature.name] =
                snapshot.windows.filter { $0.statistics.features[feature.name]?.drift == true }.count
            highest[feature.name] =
                snapshot.windows.compactMap { $0.statistics.features[feature.name]?.psi }.filter(\.isFinite).max() ?? -1
        }
        return snapshot.features.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.name, rhs.element.name)
            let (leftDrifted, rightDrifted) = (drifted[left] ?? 0, drifted[right] ?? 0)
            if leftDrifted != rightDrifted { return leftDrifted > rightDrifted }
            let (leftHighest, rightHighest) = (highest[left] ?? -1, highest[right] ?? -1)
            if leftHighest != rightHighest { return leftHighest > rightHighest }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    func render(templates: DashboardTemplates, now: Int64) -> String {
        let badge = StatusBadge(assessment.status)
        var view = View(
            pageTitle: "\(snapshot.name) · Driftwatch", css: templates.css, generatedAt: TextFormat.instant(now),
            name: snapshot.name.rawValue, statusClass: badge.statusClass, statusSymbol: badge.statusSymbol,
            statusLabel: badge.statusLabel, reason: assessment.sentence, facts: facts, hasWindows: false, heatmap: nil,
            driftCharts: [], hasPerformance: false, performanceCharts: [], qualityCharts: [], latestWindow: "",
            latestRows: [], featureCards: [], hasAlerts: !snapshot.alerts.isEmpty, alertChart: nil, alertRows: [],
            alertsTruncated: false, alertRowCount: 0, alertCount: snapshot.alerts.count,
            heading: snapshot.name.rawValue + (slice.map { " · " + $0 } ?? ""), isSlice: slice != nil, slice: slice ?? "")
        if let slice { view.pageTitle = "\(snapshot.name) · \(slice) · Driftwatch" }
        if let axis = snapshot.axis, let latest = snapshot.windows.last {
            let features = orderedFeatures
            let markers = SlotSeries.referenceChanges(snapshot.windows)
            view.hasWindows = true
            view.heatmap = heatmap(features, axis: axis, latest: latest, markers: markers).figure()
            view.driftCharts = driftCharts(axis: axis, markers: markers)
            view.performanceCharts = performanceCharts(axis: axis, markers: markers)
            view.hasPerformance = !view.performanceCharts.isEmpty
            view.qualityCharts = qualityCharts(axis: axis)
            view.latestWindow = TextFormat.time(latest.start) + (latest.partial ? " (partial)" : "")
            view.latestRows = features.map { latestRow($0, latest) }
            view.featureCards = features.map { featureCard($0, axis: axis, latest: latest) }
            let sections = SliceSections(snapshot: snapshot, axis: axis)
            view.versionCharts = sections.versionCharts()
            view.comparisonChart = sections.comparisonChart()
            view.comparisonRows = sections.comparisonRows()
            view.versionRows = sections.rows(snapshot.slices.versions)
            view.hasVersions = !view.versionRows.isEmpty
            view.segmentHeatmap = sections.segmentHeatmap()
            view.segmentRows = sections.rows(snapshot.slices.segments)
            view.hasSegments = !view.segmentRows.isEmpty
            if slice != nil {
                view.sliceHistograms = features.compactMap { feature in
                    snapshot.histograms[feature.name]?.latest.map { data in
                        FeaturePage.histogram(
                            data, feature: feature.name,
                            psi: snapshot.windows.first { $0.start == data.windowStart }?.statistics
                                .features[feature.name]?.psi)
                    }
                }
                view.hasSliceHistograms = !view.sliceHistograms.isEmpty
                view.sliceHistogramGap = snapshot.histogramGap
            }
        }
        if !snapshot.alerts.isEmpty {
            let axis =
                snapshot.axis
                ?? TimeAxis(start: snapshot.alerts[0].at, step: max(now - snapshot.alerts[0].at, 1), slots: 1)
            view.alertChart = AlertTimelineChart(entries: snapshot.alerts, axis: axis, now: max(now, axis.start))
                .figure()
            let rows = snapshot.alerts.reversed().prefix(options.maxAlertRows)
            view.alertRows = rows.map(alertRow)
            view.alertRowCount = view.alertRows.count
            view.alertsTruncated = view.alertRows.count < snapshot.alerts.count
        }
        return templates.render("model", view)
    }

    // MARK: - Facts

    private var facts: [Fact] {
        var facts = [Fact(term: "Task", value: snapshot.task.rawValue)]
        let inView = Set(snapshot.windows.map(\.referenceVersion)).sorted()
        var reference =
            "v\(snapshot.referenceVersion) (latest), uploaded \(TextFormat.instant(snapshot.referenceCreatedAt)), \(TextFormat.grouped(snapshot.referenceRows)) rows"
        if inView.count > 1 || (inView.first.map { $0 != snapshot.referenceVersion } ?? false) {
            reference += "; windows in view were compared with " + inView.map { "v\($0)" }.joined(separator: ", ")
        }
        facts.append(Fact(term: "Reference in use", value: reference))
        facts.append(Fact(term: "Features", value: TextFormat.grouped(snapshot.features.count)))
        if let axis = snapshot.axis, let first = snapshot.windows.first, let last = snapshot.windows.last {
            facts.append(Fact(term: "Window length", value: TextFormat.duration(axis.step)))
            facts.append(
                Fact(
                    term: "Windows in view",
                    value:
                        "\(TextFormat.grouped(snapshot.windows.count)) of \(TextFormat.grouped(snapshot.storedWindowCount)) evaluated, \(TextFormat.time(first.start)) to \(TextFormat.time(last.end))"
                ))
            facts.append(
                Fact(
                    term: "Latest window",
                    value:
                        "\(TextFormat.time(last.start))\(last.partial ? " (partial)" : ""): \(TextFormat.grouped(last.statistics.count)) events, \(TextFormat.percent(last.statistics.labelCoverage)) labelled, evaluated \(last.evaluations)×"
                ))
            let statistics = last.statistics
            let method = statistics.driftMethod
            facts.append(
                Fact(
                    term: "Drift decision",
                    value:
                        "\(method.rawValue) \(method.isPValue ? "p <" : "≥") \(TextFormat.number(statistics.driftThreshold)), at least \(statistics.minSamples) values"
                ))
        }
        facts.append(Fact(term: "Events stored", value: TextFormat.grouped(snapshot.eventCount)))
        return facts
    }

    // MARK: - Drift

    private func heatmap(
        _ features: [ModelSnapshot.Feature], axis: TimeAxis, latest: WindowResult, markers: [LineChart.Marker]
    ) -> Heatmap {
        let rows = features.map { feature in
            let values = SlotValues.heat(snapshot.windows, axis: axis, feature: feature.name)
            let results = snapshot.windows.compactMap { $0.statistics.features[feature.name] }
            return Heatmap.Row(
                name: feature.name, href: "features/" + SitePaths.featureFileName(feature.name), values: values,
                drifted: results.filter { $0.drift == true }.count, decided: results.filter { $0.drift != nil }.count)
        }
        return Heatmap(rows: rows, axis: axis, threshold: latest.statistics.psiThreshold, markers: markers)
    }

    private func driftCharts(axis: TimeAxis, markers: [LineChart.Marker]) -> [ChartFigure] {
        let share = SlotSeries.values(snapshot.windows, axis: axis) { $0.statistics.driftedFeatureShare * 100 }
        let rule = options.statusRule
        var charts = [
            LineChart(
                title: "Drifted-feature share", yTitle: "features drifted (%)", axis: axis,
                scale: .linear(min: 0, max: 100),
                series: [.init(name: "drifted features", color: 1, values: share)],
                rules: [.init(value: rule.driftedShareThreshold * 100, label: "drifting from", color: nil)],
                markers: markers, format: { TextFormat.decimal($0, digits: 1) + "%" },
                note: "Share of the features with a drift decision that drifted in each window."
            ).figure()
        ]
        let prediction = SlotSeries.values(snapshot.windows, axis: axis) { $0.statistics.prediction?.psi }
        let present = SlotSeries.present(prediction)
        if !present.isEmpty {
            let threshold = snapshot.windows.last?.statistics.psiThreshold ?? DriftMethod.psi.defaultThreshold
            charts.append(
                LineChart(
                    title: "Prediction drift (PSI of the predictions)", yTitle: "PSI", axis: axis,
                    scale: .nice(low: 0, high: max(present.max() ?? 0, threshold * 1.25)),
                    series: [.init(name: "prediction PSI", color: 3, values: prediction)],
                    rules: [.init(value: threshold, label: "PSI threshold", color: nil)], markers: markers,
                    note: "The model's outputs compared with the reference's predictions."
                ).figure())
        }
        return charts
    }

    // MARK: - Performance

    private func performanceCharts(axis: TimeAxis, markers: [LineChart.Marker]) -> [ChartFigure] {
        let windows = snapshot.windows
        guard
            windows.contains(where: {
                ($0.statistics.performance?.count ?? 0) > 0 || $0.statistics.estimatedPerformance != nil
            })
        else { return [] }
        let baseline = windows.last?.statistics.referencePerformance ?? snapshot.referencePerformance
        let rule = options.statusRule
        var series: [LineChart.Series] = []
        var rules: [LineChart.Rule] = []
        let title: String
        let yTitle: String
        if snapshot.task == .regression {
            title = "Error per window (regression)"
            yTitle = "error (label units)"
            series.append(
                .init(
                    name: "RMSE", color: 0,
                    values: SlotSeries.values(windows, axis: axis) { $0.statistics.performance?.values["rmse"] }))
            series.append(
                .init(
                    name: "MAE", color: 2,
                    values: SlotSeries.values(windows, axis: axis) { $0.statistics.performance?.values["mae"] }))
            if let rmse = baseline?.values["rmse"] {
                rules.append(.init(value: rmse, label: "reference RMSE", color: 0))
                rules.append(.init(value: rmse * (1 + rule.rmseMargin), label: "degraded above", color: 4))
            }
        } else {
            title = "Accuracy per window"
            yTitle = "share correct"
            series.append(
                .init(
                    name: "accuracy", color: 0,
                    values: SlotSeries.values(windows, axis: axis) { $0.statistics.performance?.classifierAccuracy }))
            // CBPE: the estimate, dashed in the realised line's colour, leads while labels are missing.
            let estimated = SlotSeries.values(windows, axis: axis) { $0.statistics.estimatedPerformance?.accuracy }
            if !SlotSeries.present(estimated).isEmpty {
                series.append(.init(name: "estimated accuracy", color: 0, values: estimated, dashed: true))
            }
            let f1Name = snapshot.task == .binary ? "f1" : "macro_f1"
            series.append(
                .init(
                    name: snapshot.task == .binary ? "F1" : "macro F1", color: 2,
                    values: SlotSeries.values(windows, axis: axis) { $0.statistics.performance?.values[f1Name] }))
            if snapshot.task == .binary {
                let auc = SlotSeries.values(windows, axis: axis) { $0.statistics.performance?.values["roc_auc"] }
                if !SlotSeries.present(auc).isEmpty { series.append(.init(name: "ROC AUC", color: 5, values: auc)) }
            }
            if let accuracy = baseline?.classifierAccuracy {
                rules.append(.init(value: accuracy, label: "reference accuracy", color: 0))
                rules.append(.init(value: accuracy - rule.accuracyMargin, label: "degraded below", color: 4))
            }
        }
        let all = series.flatMap { SlotSeries.present($0.values) } + rules.map(\.value)
        var high = all.max() ?? 1
        if snapshot.task != .regression { high = min(max(high, 0), 1) }
        let low = snapshot.task == .regression ? 0 : max(0, all.min() ?? 0)
        let hasEstimate = series.contains(where: \.dashed)
        let note =
            hasEstimate
            ? "Solid: measured on the events of each window that have a label. Dashed accuracy: estimated from "
                + "the calibrated scores of all the window's events (CBPE); it leads while labels are late and the "
                + "measured line catches up as they arrive (coverage below). Dashed rules: the reference's value and "
                + "the status rule's limit."
            : "Measured on the events of each window that have a label. Dashed: the reference's value and the status rule's limit."
        var charts = [
            LineChart(
                title: title, yTitle: yTitle, axis: axis, scale: .nice(low: low, high: high), series: series,
                rules: rules, markers: markers, note: note
            ).figure()
        ]
        charts.append(
            LineChart(
                title: "Label coverage", yTitle: "events labelled (%)", axis: axis, scale: .linear(min: 0, max: 100),
                series: [
                    .init(
                        name: "label coverage", color: 2,
                        values: SlotSeries.values(windows, axis: axis) { $0.statistics.labelCoverage * 100 })
                ],
                markers: markers, format: { TextFormat.decimal($0, digits: 1) + "%" },
                note: "Labels that arrive later raise a window's coverage and re-evaluate it."
            ).figure())
        return charts
    }

    // MARK: - Volume and data quality

    private func qualityCharts(axis: TimeAxis) -> [ChartFigure] {
        let windows = snapshot.windows
        let volume = SlotSeries.values(windows, axis: axis) { Double($0.statistics.count) }
        let names = snapshot.features.map(\.name)
        func rates(_ window: WindowResult) -> [Double] {
            names.compactMap { window.statistics.features[$0]?.missingRate }
        }
        let meanMissing = SlotSeries.values(windows, axis: axis) { window in
            let values = rates(window)
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) * 100
        }
        let worstMissing = SlotSeries.values(windows, axis: axis) { window in rates(window).max().map { $0 * 100 } }
        let worstOutside = SlotSeries.values(windows, axis: axis) { window in
            names.compactMap { window.statistics.features[$0]?.outsideShare }.max().map { $0 * 100 }
        }
        let highest = SlotSeries.present(worstMissing + worstOutside).max() ?? 0
        var charts: [ChartFigure] = []
        let p50 = SlotSeries.values(windows, axis: axis) { $0.statistics.latency?.p50 }
        let p99 = SlotSeries.values(windows, axis: axis) { $0.statistics.latency?.p99 }
        if !SlotSeries.present(p50).isEmpty {
            charts.append(
                LineChart(
                    title: "Serving latency", yTitle: "milliseconds", axis: axis,
                    scale: .nice(low: 0, high: SlotSeries.present(p99 + p50).max() ?? 1),
                    series: [
                        .init(name: "p50", color: 0, values: p50), .init(name: "p99", color: 4, values: p99),
                    ], format: { TextFormat.number($0) },
                    note: "Percentiles of latency_ms over the window's events that reported it."
                ).figure())
        }
        let throughput = SlotSeries.values(windows, axis: axis) { $0.throughputPerSecond }
        charts.append(
            LineChart(
                title: "Throughput", yTitle: "events per second", axis: axis,
                scale: .nice(low: 0, high: SlotSeries.present(throughput).max() ?? 1),
                series: [.init(name: "events per second", color: 0, values: throughput)],
                format: { TextFormat.number($0) },
                note: "Events in the window divided by its length."
            ).figure())
        return [
            LineChart(
                title: "Volume", yTitle: "events per window", axis: axis,
                scale: .nice(low: 0, high: SlotSeries.present(volume).max() ?? 1),
                series: [.init(name: "events", color: 0, values: volume)],
                format: { TextFormat.count($0) },
                note: "Events whose event time falls in the window."
            ).figure(),
            LineChart(
                title: "Data quality", yTitle: "share of values (%)", axis: axis,
                scale: .nice(low: 0, high: max(highest, 1)),
                series: [
                    .init(name: "missing, mean over features", color: 0, values: meanMissing),
                    .init(name: "missing, worst feature", color: 4, values: worstMissing),
                    .init(name: "out of range or unseen, worst feature", color: 1, values: worstOutside),
                ], format: { TextFormat.decimal($0, digits: 1) + "%" },
                note:
                    "Out of range: numeric values outside the reference's [min, max]; unseen: categories the reference never had."
            ).figure(),
        ] + charts
    }

    private func latestRow(_ feature: ModelSnapshot.Feature, _ window: WindowResult) -> LatestRow {
        let result = window.statistics.features[feature.name]
        return LatestRow(
            name: feature.name, href: "features/" + SitePaths.featureFileName(feature.name),
            type: feature.type.rawValue,
            psi: result?.psi.map(TextFormat.number) ?? "–", pvalue: result?.pValue.map(TextFormat.number) ?? "–",
            drift: result?.drift.map { $0 ? "yes" : "no" }
                ?? (result?.insufficientData == true ? "too few values" : "–"),
            driftClass: result?.drift == true ? "yes" : "",
            count: result.map { TextFormat.grouped($0.count) } ?? "–",
            missing: result?.missingRate.map(TextFormat.percent) ?? "–",
            outside: result?.outsideShare.map(TextFormat.percent) ?? "–")
    }

    // MARK: - Features

    private func featureCard(_ feature: ModelSnapshot.Feature, axis: TimeAxis, latest: WindowResult) -> FeatureCard {
        let windows = snapshot.windows
        let results = windows.compactMap { $0.statistics.features[feature.name] }
        let charts = FeatureCharts(windows: windows, axis: axis, feature: feature, size: .small)
        return FeatureCard(
            name: feature.name, href: "features/" + SitePaths.featureFileName(feature.name),
            type: feature.type.rawValue,
            latestPSI: latest.statistics.features[feature.name]?.psi.map(TextFormat.number) ?? "–",
            drifted:
                "\(results.filter { $0.drift == true }.count) of \(results.filter { $0.drift != nil }.count) windows",
            charts: charts.testCharts())
    }

    // MARK: - Alerts

    private func alertRow(_ entry: AlertTimelineEntry) -> AlertRow {
        AlertRow(
            at: TextFormat.instant(entry.at), name: entry.alertName, state: entry.state.rawValue,
            value: entry.value.map(TextFormat.number) ?? "–",
            deliveries: entry.deliveries.isEmpty
                ? "–"
                : entry.deliveries.map { "\($0.receiver): \($0.status) (\(TextFormat.instant($0.at)))" }.joined(
                    separator: "; "))
    }
}

/// Per-slot values of one feature across windows.
enum SlotValues {
    /// The heatmap row of a feature: PSI per slot, NaN where the feature had too few values, nil where
    /// there is no window or the window's reference lacks the feature.
    static func heat(_ windows: [WindowResult], axis: TimeAxis, feature: String) -> [Double?] {
        var slots = [Double?](repeating: nil, count: axis.slots)
        for window in windows {
            let slot = axis.slot(of: window.start)
            guard slots.indices.contains(slot), let result = window.statistics.features[feature] else { continue }
            if let psi = result.psi, psi.isFinite {
                slots[slot] = psi
            } else if result.insufficientData == true {
                slots[slot] = .nan
            }
        }
        return slots
    }
}
