import DriftStats
import Testing

@testable import DriftDashboards

@Suite("Chart building blocks")
struct ChartTests {
    @Test("a series path uses relative steps, merges flat runs, breaks at gaps and dots lone points")
    func seriesPath() {
        #expect(SeriesPath.encode(slots: [0, 1, 2, 3], ys: [10, 7, 9, 9]) == "M0 10l1-3 1 2h1")
        #expect(SeriesPath.encode(slots: [0, 1, 2, 3, 4], ys: [5, 5, 5, 6, 6]) == "M0 5h2l1 1h1")
        // A missing value breaks the line; the next point starts a subpath with a relative move.
        #expect(SeriesPath.encode(slots: [0, 1, 2, 3, 4], ys: [5, 6, nil, 8, 7]) == "M0 5l1 1m2 2l1-1")
        // A point alone between gaps is drawn as a dot (a zero-length segment with round caps).
        #expect(SeriesPath.encode(slots: [0, 1, 2], ys: [5, nil, 9]) == "M0 5h0m2 4h0")
        #expect(SeriesPath.encode(slots: [0, 1], ys: [nil, nil]) == "")
    }

    @Test("a series of 720 windows costs about five bytes a window")
    func seriesPathSize() {
        var random = SplitMix64(seed: 3)
        let ys: [Int?] = (0..<720).map { _ in Int(random.nextUnit() * 60) }
        let path = SeriesPath.encode(slots: Array(0..<720), ys: ys)
        #expect(path.utf8.count < 720 * 5)
    }

    @Test("heatmap buckets are fractions of the threshold, which is a bucket boundary")
    func heatmapBuckets() {
        let heatmap = Heatmap(rows: [], axis: TimeAxis(start: 0, step: 1, slots: 1), threshold: 0.2)
        #expect(heatmap.bucket(0) == 0)
        #expect(heatmap.bucket(0.0249) == 0)
        #expect(heatmap.bucket(0.025) == 1)
        #expect(heatmap.bucket(0.1999) == Heatmap.thresholdBoundary)
        #expect(heatmap.bucket(0.2) == Heatmap.thresholdBoundary + 1, "PSI at the threshold is drift")
        #expect(heatmap.bucket(5) == Heatmap.buckets - 1)
    }

    @Test("heatmap cells are merged into runs, one path per colour")
    func heatmapRuns() {
        let rows = [
            Heatmap.Row(name: "a", href: "a.html", values: [0.01, 0.01, 0.3, nil, .nan], drifted: 1, decided: 3),
            Heatmap.Row(name: "b", href: "b.html", values: [0.01, 0.3, 0.3, 0.3, 0.01], drifted: 3, decided: 5),
        ]
        let heatmap = Heatmap(rows: rows, axis: TimeAxis(start: 0, step: 1, slots: 5), threshold: 0.2)
        let paths = Dictionary(uniqueKeysWithValues: heatmap.cellPaths())
        #expect(paths["h0"] == "M0 0.5h2m-2 1h1m3 0h1")
        #expect(paths["h5"] == "M2 0.5h1m-2 1h3")
        #expect(paths["hn"] == "M4 0.5h1")
        #expect(paths.count == 3)
    }

    @Test("viridis anchors are reproduced and the light scale runs from light to dark")
    func colours() {
        #expect(ColorScale.viridis(0) == 0x440154)
        #expect(ColorScale.viridis(1) == 0xFDE725)
        #expect(ColorScale.viridis(4.0 / 9) == 0x26828E)
        let light = ColorScale.heatmapLight(buckets: 8)
        #expect(light.first == 0xFDE725 && light.last == 0x440154)
        #expect(ColorScale.heatmapDark(buckets: 8) == light.reversed())
        #expect(ColorScale.hex(0x0072B2) == "#0072b2")
        let css = ColorScale.css(buckets: 8)
        #expect(css.contains("--h7:#440154;") && css.contains("prefers-color-scheme: dark"))
        #expect(!css.contains("<") && !css.contains("&"))
    }

    @Test("numbers are written the same on every platform")
    func numbers() {
        #expect(TextFormat.decimal(0.25, digits: 3) == "0.25")
        #expect(TextFormat.decimal(-1.04, digits: 1) == "-1")
        #expect(TextFormat.decimal(2.5, digits: 0) == "3")
        #expect(TextFormat.decimal(-0.0001, digits: 2) == "0")
        #expect(TextFormat.number(0.0123456) == "0.0123")
        #expect(TextFormat.number(0.2) == "0.2")
        #expect(TextFormat.number(0.0000123) == "1.2e-5")
        #expect(TextFormat.number(12345.6) == "12,346")
        #expect(TextFormat.percent(0.1234) == "12.3%")
        #expect(TextFormat.grouped(-1_234_567) == "-1,234,567")
        #expect(TextFormat.time(1_767_571_200_000) == "2026-01-05 00:00 UTC")
        #expect(TextFormat.duration(3_600_000) == "1h")
        #expect(TextFormat.duration(900_000) == "15m")
    }

    @Test("value scales: nice bounds, log p-values, clamping")
    func scales() {
        #expect(ValueScale.nice(low: 0, high: 0.37) == .linear(min: 0, max: 0.4))
        #expect(ValueScale.nice(low: 0.83, high: 0.97).ticks.first! >= 0.8)
        let p = ValueScale.pValues(smallest: 3e-7)
        #expect(p == .log10(min: 1e-7, max: 1))
        #expect(p.fraction(1) == 1 && p.fraction(0) == 0 && p.fraction(1e-9) == 0)
        #expect(abs(p.fraction(1e-3) - 4.0 / 7) < 1e-12)
        #expect(ValueScale.linear(min: 0, max: 1).fraction(2) == 1)
    }

    @Test("time axis ticks fall on round UTC times")
    func timeTicks() {
        let axis = TimeAxis(start: 1_767_571_200_000 + 3_600_000, step: 3_600_000, slots: 720)
        let ticks = axis.ticks(maximum: 8)
        #expect(ticks.count <= 9 && ticks.count >= 4)
        #expect(ticks.allSatisfy { $0.time % 86_400_000 == 0 })
        // 30 days with at most 8 ticks: weekly, at multiples of 7 days since the epoch (Thursdays).
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1.time - $0.time == 7 * 86_400_000 })
        #expect(ticks.first?.label == "01-08")
        let hours = TimeAxis(start: 1_767_571_200_000, step: 3_600_000, slots: 5).ticks(maximum: 8)
        #expect(hours.map(\.label) == ["01-05", "01:00", "02:00", "03:00", "04:00", "05:00"])
    }

    @Test("feature file names are safe, distinct and readable")
    func featureFileNames() {
        #expect(SitePaths.featureFileName("age") == "age.html")
        #expect(SitePaths.featureFileName("employment_years") == "employment_years.html")
        #expect(SitePaths.featureFileName("../etc") == "~2e~2e~2fetc.html")
        #expect(SitePaths.featureFileName("a~b c") == "a~7eb~20c.html")
        #expect(SitePaths.featureFileName("Age") != SitePaths.featureFileName("age"))
        #expect(SitePaths.featureFileName("Age").lowercased() != SitePaths.featureFileName("age"))
        #expect(SitePaths.featureFileName("") == "~.html")
        #expect(SitePaths.featureFileName(String(repeating: "x", count: 500)).count < 140)
    }

    @Test("histogram bins follow PSI: a value on an edge belongs to the bin the edge closes")
    func histogramBins() {
        let edges = [1.0, 2.0, 3.0]
        #expect(HistogramData.bin(of: 0.5, edges: edges) == 0)
        #expect(HistogramData.bin(of: 1.0, edges: edges) == 0)
        #expect(HistogramData.bin(of: 1.5, edges: edges) == 1)
        #expect(HistogramData.bin(of: 3.0, edges: edges) == 2)
        #expect(HistogramData.bin(of: 9.0, edges: edges) == 3)
        let reference = NumericReference(values: (0..<100).map(Double.init), bins: 4)
        let data = HistogramData.numeric(
            reference: reference, values: [0, 10, 60, 99, .nan, 200], windowStart: 0, partial: false,
            referenceVersion: 1)
        #expect(data.reference == reference.binProportions)
        #expect(data.current == [0.4, 0, 0.2, 0.4])
        #expect(data.currentCount == 5)
    }

    @Test("categorical histograms keep the top categories, merge the rest and show unseen ones")
    func categoricalHistogram() {
        let names = (0..<20).map { "k\($0)" }
        var values: [String?] = []
        for (index, name) in names.enumerated() { values += Array(repeating: name, count: 20 - index) }
        let reference = CategoricalReference(column: CategoricalColumn(values: values))
        let window = CategoricalColumn(values: ["k0", "k0", "k19", "new", nil])
        let data = HistogramData.categorical(
            reference: reference, column: window, windowStart: 0, partial: false, referenceVersion: 1)
        #expect(data.binNames.count == HistogramData.maximumCategories + 2)
        #expect(data.binNames.first == "k0")
        #expect(data.binNames[HistogramData.maximumCategories] == "other (5)")
        #expect(data.binNames.last == "new (unseen)")
        #expect(data.current.first == 0.5 && data.current.last == 0.25)
        #expect(abs(data.reference.reduce(0, +) - 1) < 1e-12)
    }
}
