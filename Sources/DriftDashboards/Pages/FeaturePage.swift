import DriftCore
import DriftEvaluation
import DriftStats

/// A feature's page: its latest statistics, reference-versus-window histograms for the latest window
/// with values and the one before, and its time series at full size.
struct FeaturePage {
    let snapshot: ModelSnapshot
    let feature: ModelSnapshot.Feature

    struct View {
        var pageTitle: String
        var css: String
        var generatedAt: String
        var model: String
        var name: String
        var type: String
        var facts: [Fact]
        var hasHistograms: Bool
        var histograms: [ChartFigure]
        var histogramMissing: String
        var charts: [ChartFigure]
    }

    func render(templates: DashboardTemplates, now: Int64) -> String {
        var view = View(
            pageTitle: "\(feature.name) · \(snapshot.name) · Driftwatch", css: templates.css,
            generatedAt: TextFormat.instant(now), model: snapshot.name.rawValue, name: feature.name,
            type: feature.type.rawValue, facts: facts, hasHistograms: false, histograms: [],
            histogramMissing: snapshot.histogramGap, charts: [])
        let pair = snapshot.histograms[feature.name]
        view.histograms = [pair?.latest, pair?.previous].compactMap { $0 }.map(histogram)
        view.hasHistograms = !view.histograms.isEmpty
        if let axis = snapshot.axis {
            view.charts = FeatureCharts(windows: snapshot.windows, axis: axis, feature: feature, size: .full)
                .allCharts()
        }
        return templates.render("feature", view)
    }

    private var facts: [Fact] {
        guard let window = snapshot.windows.last(where: { $0.statistics.features[feature.name] != nil }),
            let result = window.statistics.features[feature.name]
        else {
            return [Fact(term: "Latest window", value: "no evaluated window has this feature")]
        }
        var facts = [
            Fact(term: "Latest window", value: TextFormat.time(window.start) + (window.partial ? " (partial)" : ""))
        ]
        facts.append(
            Fact(
                term: "Values",
                value:
                    "\(TextFormat.grouped(result.count - result.missing)) of \(TextFormat.grouped(result.count)) events; missing \(result.missingRate.map(TextFormat.percent) ?? "–")"
            ))
        if result.insufficientData == true {
            facts.append(Fact(term: "Statistics", value: "too few values (fewer than \(window.statistics.minSamples))"))
        }
        if let drift = result.drift {
            facts.append(Fact(term: "Drift (\(window.statistics.driftMethod.rawValue))", value: drift ? "yes" : "no"))
        }
        if let psi = result.psi {
            facts.append(
                Fact(
                    term: "PSI",
                    value: "\(TextFormat.number(psi)) (threshold \(TextFormat.number(window.statistics.psiThreshold)))")
            )
        }
        if let ks = result.ks {
            facts.append(
                Fact(
                    term: "Kolmogorov–Smirnov",
                    value:
                        "D = \(TextFormat.number(ks.statistic)), p = \(TextFormat.number(ks.pvalue)) (\(ks.method.rawValue))"
                ))
        }
        if let chi2 = result.chi2 {
            facts.append(
                Fact(
                    term: "Chi-square",
                    value: "χ² = \(TextFormat.number(chi2.statistic)), p = \(TextFormat.number(chi2.pvalue))"))
        }
        if let distance = result.jensenShannon {
            facts.append(Fact(term: "Jensen–Shannon distance", value: TextFormat.number(distance)))
        }
        if let distance = result.wassersteinNormed {
            facts.append(Fact(term: "Wasserstein / σ", value: TextFormat.number(distance)))
        }
        if let share = result.outOfRangeShare {
            facts.append(Fact(term: "Out of reference range", value: TextFormat.percent(share)))
        }
        if let share = result.unseenShare {
            facts.append(Fact(term: "Unseen categories", value: TextFormat.percent(share)))
        }
        if let low = result.min, let high = result.max, let mean = result.mean {
            facts.append(
                Fact(
                    term: "Min / mean / max",
                    value: "\(TextFormat.number(low)) / \(TextFormat.number(mean)) / \(TextFormat.number(high))"))
        }
        let results = snapshot.windows.compactMap { $0.statistics.features[feature.name] }
        facts.append(
            Fact(
                term: "Drifted in",
                value:
                    "\(results.filter { $0.drift == true }.count) of \(results.filter { $0.drift != nil }.count) windows in view"
            ))
        facts.append(Fact(term: "Compared with", value: "reference v\(window.referenceVersion)"))
        return facts
    }

    private func histogram(_ data: HistogramData) -> ChartFigure {
        Self.histogram(
            data, feature: feature.name,
            psi: snapshot.windows.first { $0.start == data.windowStart }?.statistics.features[feature.name]?.psi)
    }

    /// The chart of one feature's histogram against the reference, with the window's PSI in its title.
    static func histogram(_ data: HistogramData, feature: String, psi: Double?) -> ChartFigure {
        let when = "window of \(TextFormat.time(data.windowStart))" + (data.partial ? " (partial)" : "")
        let labels: Histogram.Labels
        let xTitle: String
        let note: String
        switch data.bins {
        case .edges(let edges):
            labels = .edges(edges)
            xTitle = "\(feature): bin edges (bins hold equal shares of the reference; widths not to scale)"
            note =
                "The bins are the reference's quantile bins that PSI uses; a value on an edge belongs to the bin on its left."
        case .categories(let names):
            labels = .categories(names)
            xTitle = "\(feature): category"
            note =
                "The reference's most frequent categories, then the rest of them, then categories the reference never had."
        }
        return Histogram(
            title:
                "Reference v\(data.referenceVersion) and the \(when): \(TextFormat.grouped(data.currentCount)) values"
                + (psi.map { ", PSI \(TextFormat.number($0))" } ?? ""),
            xTitle: xTitle, binNames: data.binNames, labels: labels, reference: data.reference, current: data.current,
            currentName: when, note: note
        ).figure()
    }
}
