/// Reference against current shares per bin: grouped bars, the reference in blue and the window in
/// orange (Okabe–Ito), for a numeric feature's PSI bins or a categorical feature's categories.
struct Histogram {
    /// How the bins are labelled along the bottom.
    enum Labels {
        /// Numeric bins: the B − 1 edges, written at the boundaries between bars.
        case edges([Double])
        /// Categories: one (possibly shortened) name under each pair of bars, slanted.
        case categories([String])
    }

    var title: String
    /// What the horizontal axis shows.
    var xTitle: String
    /// A name per bin for tooltips: `(1.2, 3.4]`, `web`.
    var binNames: [String]
    var labels: Labels
    /// Share of the reference's values per bin.
    var reference: [Double]
    /// Share of the window's values per bin; nil when the window's values are not available.
    var current: [Double]?
    /// What the current side is: `window 2026-01-05 13:00 UTC`.
    var currentName: String
    var note = ""

    private static let width = 720.0
    private var height: Double { 176 + bottom }
    private static let left = 52.0
    private static let right = 12.0
    private static let top = 12.0
    /// Room for the labels: slanted category names need more the longer they are.
    private var bottom: Double {
        guard case .categories(let names) = labels else { return 40 }
        return 34 + Double(min(names.map(\.count).max() ?? 1, 14)) * 3.8
    }
    private var isCategorical: Bool {
        if case .categories = labels { return true }
        return false
    }

    func figure() -> ChartFigure {
        var legend = [ChartFigure.LegendItem(label: "reference", keyClass: "f0", swatch: true)]
        if current != nil { legend.append(.init(label: currentName, keyClass: "f1", swatch: true)) }
        return ChartFigure(title: title, svg: svg(), legend: legend, note: note, size: "full")
    }

    var summary: String {
        var parts: [String] = []
        for (index, name) in binNames.enumerated() {
            var part = "\(name): reference \(TextFormat.percent(reference[index]))"
            if let current { part += ", current \(TextFormat.percent(current[index]))" }
            parts.append(part)
        }
        let prefix = current == nil ? "\(title) (no current values). " : "\(title). "
        return prefix + parts.prefix(25).joined(separator: "; ") + (parts.count > 25 ? "; …" : "") + "."
    }

    func svg() -> String {
        let height = height
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = height - Self.top - bottom
        let highest = max(reference.max() ?? 0, current?.max() ?? 0)
        let scale = ValueScale.nice(low: 0, high: max(highest * 100, 1))
        func y(_ share: Double) -> Double { Self.top + plotHeight * (1 - scale.fraction(share * 100)) }
        let bins = max(reference.count, 1)
        let group = plotWidth / Double(bins)
        var svg = SVGWriter(reservingCapacity: 2048 + bins * 300)
        svg.open(
            "svg",
            [
                ("class", "chart"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(height))"), ("role", "img"),
                ("aria-label", summary),
            ])
        svg.title(title)
        var grid = ""
        for tick in scale.ticks {
            let position = y(tick / 100)
            grid += "M\(SVGWriter.number(Self.left)) \(SVGWriter.number(position))h\(SVGWriter.number(plotWidth))"
            svg.element(
                "text",
                [("class", "ya"), ("x", SVGWriter.number(Self.left - 4)), ("y", SVGWriter.number(position + 3.5))],
                text: scale.label(tick))
        }
        svg.empty("path", [("class", "grid"), ("d", grid)])
        let middle = Self.top + plotHeight / 2
        svg.element(
            "text",
            [
                ("class", "yt"), ("x", "12"), ("y", SVGWriter.number(middle)),
                ("transform", "rotate(-90 12 \(SVGWriter.number(middle)))"),
            ],
            text: "share of values (%)")
        let base = Self.top + plotHeight
        for index in 0..<reference.count {
            let x = Self.left + Double(index) * group
            bar(
                &svg, x: x + group * 0.1, width: group * (current == nil ? 0.8 : 0.4), top: y(reference[index]),
                base: base,
                colour: 0, tooltip: "\(binNames[index]): reference \(TextFormat.percent(reference[index]))")
            if let current {
                bar(
                    &svg, x: x + group * 0.5, width: group * 0.4, top: y(current[index]), base: base, colour: 1,
                    tooltip: "\(binNames[index]): \(currentName) \(TextFormat.percent(current[index]))")
            }
        }
        svg.empty(
            "path",
            [
                ("class", "axis"),
                ("d", "M\(SVGWriter.number(Self.left)) \(SVGWriter.number(base))h\(SVGWriter.number(plotWidth))"),
            ])
        switch labels {
        case .edges(let edges):
            // At most ~12 labels fit; with more bins every k-th edge is written.
            let every = max(1, (edges.count + 11) / 12)
            for (index, edge) in edges.enumerated() where index % every == 0 {
                let x = Self.left + Double(index + 1) * group
                svg.element(
                    "text", [("class", "xa"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(base + 14))],
                    text: TextFormat.number(edge))
            }
        case .categories(let names):
            for (index, name) in names.enumerated() {
                let x = Self.left + (Double(index) + 0.5) * group
                let shown = name.count > 14 ? String(name.prefix(13)) + "…" : name
                svg.element(
                    "text",
                    [
                        ("class", "xa slant"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(base + 12)),
                        ("transform", "rotate(-35 \(SVGWriter.number(x)) \(SVGWriter.number(base + 12)))"),
                    ],
                    text: shown)
            }
        }
        svg.element(
            "text",
            [("class", "xt"), ("x", SVGWriter.number(Self.left + plotWidth / 2)), ("y", SVGWriter.number(height - 4))],
            text: xTitle)
        svg.close("svg")
        return svg.text
    }

    private func bar(
        _ svg: inout SVGWriter, x: Double, width: Double, top: Double, base: Double, colour: Int, tooltip: String
    ) {
        svg.open(
            "rect",
            [
                ("class", "f\(colour)"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(top)),
                ("width", SVGWriter.number(max(width, 0.5))), ("height", SVGWriter.number(max(base - top, 0))),
            ])
        svg.title(tooltip)
        svg.close("rect")
    }
}
