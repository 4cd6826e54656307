/// A time series chart over a model's window slots: one `<path>` per series with integer relative
/// coordinates (``SeriesPath``), horizontal rules for thresholds and reference values, vertical markers
/// for reference-version changes, value and time axes with titles.
struct LineChart {
    /// One line: a value per slot of the axis (nil where the window is missing or has no value).
    struct Series {
        var name: String
        /// Index into the Okabe–Ito series colours (`s0`…`s6`).
        var color: Int
        var values: [Double?]
        var dashed = false
    }

    /// A horizontal line at a value: a threshold or a reference value.
    struct Rule {
        var value: Double
        var label: String
        /// Index into the series colours, or nil for the neutral rule colour.
        var color: Int?
    }

    /// A vertical line at a time (for example "reference v2 from here").
    struct Marker {
        var time: Int64
        var label: String
    }

    /// The drawing's size.
    enum Size {
        /// A chart on its own (720 × 220).
        case full
        /// One of many small multiples (360 × 120).
        case small
    }

    var title: String
    /// What the y axis measures, with its unit: `PSI`, `share of events (%)`.
    var yTitle: String
    var axis: TimeAxis
    var scale: ValueScale
    var series: [Series]
    var rules: [Rule] = []
    var markers: [Marker] = []
    var size: Size = .full
    /// How values are written in tooltips and the accessible summary.
    var format: (Double) -> String = TextFormat.number
    /// A sentence under the chart.
    var note = ""

    private struct Layout {
        var width: Double
        var height: Double
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double
        var xTicks: Int
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
    }

    private var layout: Layout {
        switch size {
        case .full: Layout(width: 720, height: 220, left: 56, right: 12, top: 14, bottom: 38, xTicks: 8)
        case .small: Layout(width: 360, height: 120, left: 44, right: 8, top: 12, bottom: 22, xTicks: 4)
        }
    }

    /// The chart with its caption and legend.
    func figure() -> ChartFigure {
        var legend = series.map {
            ChartFigure.LegendItem(label: $0.name, keyClass: "s\($0.color)" + ($0.dashed ? " dash" : ""), swatch: false)
        }
        legend += rules.map {
            ChartFigure.LegendItem(
                label: $0.label, keyClass: ($0.color.map { "s\($0)" } ?? "rule") + " dash", swatch: false)
        }
        return ChartFigure(
            title: title, svg: svg(), legend: legend, note: note, size: size == .full ? "full" : "small")
    }

    /// A sentence that describes the chart for screen readers: each series' latest value and range.
    var summary: String {
        var parts: [String] = []
        for line in series {
            let present = line.values.compactMap { $0 }.filter(\.isFinite)
            guard let last = present.last, let low = present.min(), let high = present.max() else {
                parts.append("\(line.name): no values")
                continue
            }
            parts.append("\(line.name): latest \(format(last)), range \(format(low)) to \(format(high))")
        }
        for rule in rules { parts.append("\(rule.label) at \(format(rule.value))") }
        return "\(title) over \(axis.slots) windows. " + parts.joined(separator: "; ") + "."
    }

    /// The SVG element.
    func svg() -> String {
        let layout = layout
        var svg = SVGWriter(reservingCapacity: 1024 + series.count * axis.slots * 5)
        svg.open(
            "svg",
            [
                ("class", "chart"), ("viewBox", "0 0 \(Int(layout.width)) \(Int(layout.height))"), ("role", "img"),
                ("aria-label", summary),
            ])
        svg.title(title)
        drawValueAxis(&svg, layout)
        drawTimeAxis(&svg, layout)
        drawMarkers(&svg, layout)
        drawSeries(&svg, layout)
        drawRules(&svg, layout)
        svg.close("svg")
        return svg.text
    }

    private func y(_ value: Double, _ layout: Layout) -> Double {
        layout.plotHeight * (1 - scale.fraction(value))
    }

    private func drawValueAxis(_ svg: inout SVGWriter, _ layout: Layout) {
        var grid = ""
        for tick in scale.ticks {
            let position = layout.top + y(tick, layout)
            grid +=
                "M\(SVGWriter.number(layout.left)) \(SVGWriter.number(position))h\(SVGWriter.number(layout.plotWidth))"
            svg.element(
                "text",
                [("x", SVGWriter.number(layout.left - 4)), ("y", SVGWriter.number(position + 3.5)), ("class", "ya")],
                text: scale.label(tick))
        }
        svg.empty("path", [("class", "grid"), ("d", grid)])
        let middle = layout.top + layout.plotHeight / 2
        let x = size == .full ? 12.0 : 9.0
        svg.element(
            "text",
            [
                ("class", "yt"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(middle)),
                ("transform", "rotate(-90 \(SVGWriter.number(x)) \(SVGWriter.number(middle)))"),
            ], text: yTitle)
    }

    private func drawTimeAxis(_ svg: inout SVGWriter, _ layout: Layout) {
        let bottom = layout.top + layout.plotHeight
        var ticks =
            "M\(SVGWriter.number(layout.left)) \(SVGWriter.number(bottom))h\(SVGWriter.number(layout.plotWidth))"
        let slotWidth = layout.plotWidth / Double(max(axis.slots, 1))
        for tick in axis.ticks(maximum: layout.xTicks) {
            let x = layout.left + axis.position(of: tick.time) * slotWidth
            ticks += "M\(SVGWriter.number(x)) \(SVGWriter.number(bottom))v4"
            svg.element(
                "text", [("x", SVGWriter.number(x)), ("y", SVGWriter.number(bottom + 14)), ("class", "xa")],
                text: tick.label)
        }
        svg.empty("path", [("class", "axis"), ("d", ticks)])
        if size == .full {
            svg.element(
                "text",
                [
                    ("class", "xt"), ("x", SVGWriter.number(layout.left + layout.plotWidth / 2)),
                    ("y", SVGWriter.number(layout.height - 4)),
                ],
                text: "window start (UTC), one point per \(TextFormat.duration(axis.step)) window")
        }
    }

    private func drawMarkers(_ svg: inout SVGWriter, _ layout: Layout) {
        let slotWidth = layout.plotWidth / Double(max(axis.slots, 1))
        for marker in markers {
            let x = layout.left + axis.position(of: marker.time) * slotWidth
            svg.open("g", [("class", "marker")])
            svg.title(marker.label)
            svg.empty(
                "path",
                [
                    (
                        "d",
                        "M\(SVGWriter.number(x)) \(SVGWriter.number(layout.top))v\(SVGWriter.number(layout.plotHeight))"
                    )
                ])
            if size == .full {
                svg.element(
                    "text", [("x", SVGWriter.number(x + 3)), ("y", SVGWriter.number(layout.top + 9))],
                    text: marker.label)
            }
            svg.close("g")
        }
    }

    private func drawSeries(_ svg: inout SVGWriter, _ layout: Layout) {
        let slotWidth = layout.plotWidth / Double(max(axis.slots, 1))
        let offset = layout.left + slotWidth / 2
        svg.open(
            "g",
            [
                (
                    "transform",
                    "translate(\(TextFormat.decimal(offset, digits: 3)) \(SVGWriter.number(layout.top))) scale(\(TextFormat.decimal(slotWidth, digits: 5)) 1)"
                )
            ])
        let slots = Array(0..<axis.slots)
        for line in series {
            let ys = line.values.map { value -> Int? in
                guard let value, !value.isNaN else { return nil }
                return TextFormat.pixel(y(value, layout))
            }
            svg.open(
                "path",
                [
                    ("class", "line s\(line.color)" + (line.dashed ? " dash" : "")),
                    ("d", SeriesPath.encode(slots: slots, ys: ys)),
                ])
            svg.title(line.name)
            svg.close("path")
        }
        svg.close("g")
    }

    private func drawRules(_ svg: inout SVGWriter, _ layout: Layout) {
        for rule in rules {
            let position = layout.top + y(rule.value, layout)
            svg.open("g", [("class", "rule" + (rule.color.map { " s\($0)" } ?? ""))])
            svg.title("\(rule.label): \(format(rule.value))")
            svg.empty(
                "path",
                [
                    (
                        "d",
                        "M\(SVGWriter.number(layout.left)) \(SVGWriter.number(position))h\(SVGWriter.number(layout.plotWidth))"
                    )
                ])
            if size == .full {
                svg.element(
                    "text",
                    [
                        ("x", SVGWriter.number(layout.left + layout.plotWidth - 2)),
                        ("y", SVGWriter.number(position - 3)),
                    ],
                    text: "\(rule.label) \(format(rule.value))")
            }
            svg.close("g")
        }
    }
}
