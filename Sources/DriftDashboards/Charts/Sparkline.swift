/// A word-sized chart for the index page: one series without axes, its latest value marked by a dot,
/// and optionally a dashed reference line (the reference's accuracy, the drifting threshold).
///
/// The SVG carries its own `<title>` and `aria-label` with the latest value and the range, since a
/// sparkline has no axis to read them from.
struct Sparkline {
    var title: String
    var values: [Double?]
    var scale: ValueScale
    /// A horizontal line and what it is.
    var reference: (value: Double, label: String)?
    var color = 0
    var format: (Double) -> String = TextFormat.number

    static let width = 160.0
    static let height = 40.0
    private static let padding = 3.0

    var summary: String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let last = present.last, let low = present.min(), let high = present.max() else {
            return "\(title): no values in the last \(values.count) windows"
        }
        var text =
            "\(title) over the last \(values.count) windows: latest \(format(last)), range \(format(low)) to \(format(high))"
        if let reference { text += "; \(reference.label) \(format(reference.value))" }
        return text
    }

    func svg() -> String {
        let plotHeight = Self.height - 2 * Self.padding
        let slotWidth = (Self.width - 2 * Self.padding) / Double(max(values.count, 1))
        func y(_ value: Double) -> Double { plotHeight * (1 - scale.fraction(value)) }
        var svg = SVGWriter(reservingCapacity: 512 + values.count * 5)
        svg.open(
            "svg",
            [
                ("class", "spark"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"), ("role", "img"),
                ("aria-label", summary),
            ])
        svg.title(summary)
        if let reference {
            let position = Self.padding + y(reference.value)
            svg.empty(
                "path",
                [
                    ("class", "rule"),
                    (
                        "d",
                        "M\(SVGWriter.number(Self.padding)) \(SVGWriter.number(position))h\(SVGWriter.number(Self.width - 2 * Self.padding))"
                    ),
                ])
        }
        let ys = values.map { value -> Int? in
            guard let value, !value.isNaN else { return nil }
            return TextFormat.pixel(y(value))
        }
        svg.open(
            "g",
            [
                (
                    "transform",
                    "translate(\(TextFormat.decimal(Self.padding + slotWidth / 2, digits: 3)) \(SVGWriter.number(Self.padding))) scale(\(TextFormat.decimal(slotWidth, digits: 5)) 1)"
                )
            ])
        svg.empty(
            "path", [("class", "line s\(color)"), ("d", SeriesPath.encode(slots: Array(values.indices), ys: ys))])
        svg.close("g")
        if let index = ys.lastIndex(where: { $0 != nil }), let last = ys[index] {
            svg.empty(
                "circle",
                [
                    ("class", "f\(color)"), ("cx", SVGWriter.number(Self.padding + (Double(index) + 0.5) * slotWidth)),
                    ("cy", SVGWriter.number(Self.padding + Double(last))), ("r", "2.5"),
                ])
        }
        svg.close("svg")
        return svg.text
    }
}
