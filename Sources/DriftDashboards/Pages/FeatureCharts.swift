import DriftCore
import DriftEvaluation
import DriftStats

/// The time series of one feature: PSI, the KS statistic D, the test's p-value, the other distances and
/// data quality, drawn small on the model page and full size on the feature page.
struct FeatureCharts {
    let windows: [WindowResult]
    let axis: TimeAxis
    let feature: ModelSnapshot.Feature
    let size: LineChart.Size

    private var name: String { feature.name }
    private var latest: WindowStatistics? { windows.last?.statistics }
    private var markers: [LineChart.Marker] { size == .full ? SlotSeries.referenceChanges(windows) : [] }

    private func values(_ value: (FeatureResult) -> Double?) -> [Double?] {
        SlotSeries.values(windows, axis: axis) { window in window.statistics.features[name].flatMap(value) }
    }

    /// PSI with its threshold, the KS statistic D (numeric features) and the p-value on a log scale with
    /// its threshold.
    func testCharts() -> [ChartFigure] {
        var charts = [psiChart()]
        if feature.type == .numeric { charts.append(ksStatisticChart()) }
        charts.append(pValueChart())
        return charts
    }

    /// ``testCharts()`` followed by the other distances and data quality.
    func allCharts() -> [ChartFigure] {
        testCharts() + [distanceChart(), qualityChart()]
    }

    func psiChart() -> ChartFigure {
        let threshold = latest?.psiThreshold ?? DriftMethod.psi.defaultThreshold
        let psi = values(\.psi)
        let high = max(SlotSeries.present(psi).max() ?? 0, threshold * 1.25)
        return LineChart(
            title: "PSI", yTitle: "PSI", axis: axis, scale: .nice(low: 0, high: high, ticks: size == .full ? 4 : 2),
            series: [.init(name: "PSI", color: 0, values: psi)],
            rules: [.init(value: threshold, label: "threshold", color: 4)], markers: markers, size: size,
            note: size == .full
                ? "Population Stability Index against the reference's bins; drift at or above the threshold." : ""
        ).figure()
    }

    func ksStatisticChart() -> ChartFigure {
        let statistic = values { $0.ks?.statistic }
        return LineChart(
            title: "KS statistic D", yTitle: "D", axis: axis,
            scale: .nice(
                low: 0, high: max(SlotSeries.present(statistic).max() ?? 0, 0.05), ticks: size == .full ? 4 : 2),
            series: [.init(name: "KS D", color: 2, values: statistic)], markers: markers, size: size,
            note: size == .full
                ? "Largest distance between the reference's and the window's cumulative distributions (0 to 1). It has no fixed threshold: its p-value decides."
                : ""
        ).figure()
    }

    func pValueChart() -> ChartFigure {
        let threshold = latest?.pValueThreshold ?? DriftMethod.ks.defaultThreshold
        let pValues = values(\.pValue)
        let test = feature.type == .numeric ? "KS" : "χ²"
        return LineChart(
            title: "\(test) p-value (log scale)", yTitle: "p-value", axis: axis,
            scale: .pValues(smallest: SlotSeries.present(pValues).min()),
            series: [.init(name: "\(test) p-value", color: 1, values: pValues)],
            rules: [.init(value: threshold, label: "p threshold", color: 4)], markers: markers, size: size,
            format: TextFormat.number,
            note: size == .full
                ? "Drift when below the threshold. With thousands of values a tiny p can flag a harmless shift; PSI is the default decision for that reason."
                : ""
        ).figure()
    }

    func distanceChart() -> ChartFigure {
        var series: [LineChart.Series] = [
            .init(name: "Jensen–Shannon distance", color: 3, values: values(\.jensenShannon))
        ]
        if feature.type == .numeric {
            series.append(
                .init(name: "Wasserstein / σ of the reference", color: 5, values: values(\.wassersteinNormed)))
        }
        let high = series.flatMap { SlotSeries.present($0.values) }.max() ?? 0
        return LineChart(
            title: "Other distances", yTitle: "distance", axis: axis, scale: .nice(low: 0, high: max(high, 0.1)),
            series: series, markers: markers, size: size,
            note: "Reported beside the decision; a drift method of js or wasserstein decides by one of them."
        ).figure()
    }

    func qualityChart() -> ChartFigure {
        let missing = values { $0.missingRate.map { $0 * 100 } }
        let outside = values { $0.outsideShare.map { $0 * 100 } }
        let high = SlotSeries.present(missing + outside).max() ?? 0
        return LineChart(
            title: "Data quality", yTitle: "share of values (%)", axis: axis, scale: .nice(low: 0, high: max(high, 1)),
            series: [
                .init(name: "missing", color: 0, values: missing),
                .init(
                    name: feature.type == .numeric ? "out of reference range" : "unseen category", color: 1,
                    values: outside),
            ], markers: markers, size: size, format: { TextFormat.decimal($0, digits: 1) + "%" }
        ).figure()
    }
}
