/// One row per alert over the model's time axis: a thin orange bar while it was pending, a thick
/// vermillion bar while it was firing, and a marker at each state change whose shape also says the state
/// (○ pending, ▲ firing, ■ resolved), so the chart does not rely on colour alone. Each marker's
/// `<title>` lists the change's value and deliveries.
struct AlertTimelineChart {
    var entries: [AlertTimelineEntry]
    var axis: TimeAxis
    /// The end of the last bar of an alert still pending or firing.
    var now: Int64

    private static let width = 960.0
    private static let rowHeight = 22.0
    private static let top = 8.0
    private static let bottom = 34.0
    private static let right = 12.0

    /// Alert names in the order of their rows.
    var names: [String] { Array(Set(entries.map(\.alertName))).sorted() }

    func figure() -> ChartFigure {
        ChartFigure(
            title: "Alert timeline", svg: svg(),
            legend: [
                .init(label: "pending ○", keyClass: "ap", swatch: true),
                .init(label: "firing ▲", keyClass: "af", swatch: true),
                .init(label: "resolved ■", keyClass: "ar", swatch: true),
            ],
            note: "Hover a marker for the value that changed the state and the notifications sent.", size: "wide")
    }

    func svg() -> String {
        let names = names
        let longest = names.map { min($0.count, 26) }.max() ?? 8
        let left = min(180, max(70, Double(longest) * 6.2 + 12))
        let plotWidth = Self.width - left - Self.right
        let height = Self.top + Double(names.count) * Self.rowHeight + Self.bottom
        let scale = plotWidth / Double(max(axis.end - axis.start, 1))
        func x(_ time: Int64) -> Double { left + Double(min(max(time, axis.start), axis.end) - axis.start) * scale }
        var svg = SVGWriter(reservingCapacity: 1024 + entries.count * 200)
        let firing = entries.firingAlertNames
        svg.open(
            "svg",
            [
                ("class", "chart"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(height))"), ("role", "img"),
                (
                    "aria-label",
                    "Alert timeline of \(names.count) alerts with \(entries.count) state changes; firing now: \(firing.isEmpty ? "none" : firing.joined(separator: ", "))"
                ),
            ])
        svg.title("Alert timeline")
        for (row, name) in names.enumerated() {
            let middle = Self.top + (Double(row) + 0.5) * Self.rowHeight
            let shown = name.count > 26 ? String(name.prefix(25)) + "…" : name
            svg.element(
                "text", [("class", "rl"), ("x", SVGWriter.number(left - 6)), ("y", SVGWriter.number(middle + 3.5))],
                text: shown)
            svg.empty(
                "path",
                [
                    ("class", "grid"),
                    ("d", "M\(SVGWriter.number(left)) \(SVGWriter.number(middle))h\(SVGWriter.number(plotWidth))"),
                ])
            let history = entries.filter { $0.alertName == name }.sorted { $0.at < $1.at }
            for (index, entry) in history.enumerated() where entry.state != .resolved {
                let end = index + 1 < history.count ? history[index + 1].at : now
                let thickness = entry.state == .firing ? 8.0 : 4.0
                svg.empty(
                    "rect",
                    [
                        ("class", entry.state == .firing ? "af" : "ap"), ("x", SVGWriter.number(x(entry.at))),
                        ("y", SVGWriter.number(middle - thickness / 2)),
                        ("width", SVGWriter.number(max(x(end) - x(entry.at), 1))),
                        ("height", SVGWriter.number(thickness)),
                    ])
            }
            for entry in history {
                marker(&svg, entry, x: x(entry.at), y: middle)
            }
        }
        let bottom = Self.top + Double(names.count) * Self.rowHeight
        var ticks = "M\(SVGWriter.number(left)) \(SVGWriter.number(bottom))h\(SVGWriter.number(plotWidth))"
        for tick in axis.ticks(maximum: 8) {
            let position = x(tick.time)
            ticks += "M\(SVGWriter.number(position)) \(SVGWriter.number(bottom))v4"
            svg.element(
                "text", [("class", "xa"), ("x", SVGWriter.number(position)), ("y", SVGWriter.number(bottom + 14))],
                text: tick.label)
        }
        svg.empty("path", [("class", "axis"), ("d", ticks)])
        svg.element(
            "text",
            [("class", "xt"), ("x", SVGWriter.number(left + plotWidth / 2)), ("y", SVGWriter.number(height - 4))],
            text: "time (UTC)")
        svg.close("svg")
        return svg.text
    }

    private func marker(_ svg: inout SVGWriter, _ entry: AlertTimelineEntry, x: Double, y: Double) {
        var tooltip = "\(entry.alertName): \(entry.state.rawValue) at \(TextFormat.instant(entry.at))"
        if let value = entry.value { tooltip += ", value \(TextFormat.number(value))" }
        for delivery in entry.deliveries {
            tooltip += "; \(delivery.receiver): \(delivery.status) at \(TextFormat.instant(delivery.at))"
        }
        let cx = SVGWriter.number(x)
        switch entry.state {
        case .pending:
            svg.open("circle", [("class", "mp"), ("cx", cx), ("cy", SVGWriter.number(y)), ("r", "4")])
        case .firing:
            svg.open("path", [("class", "mf"), ("d", "M\(cx) \(SVGWriter.number(y - 6))l5 9h-10z")])
        case .resolved:
            svg.open(
                "rect",
                [
                    ("class", "mr"), ("x", SVGWriter.number(x - 4)), ("y", SVGWriter.number(y - 4)), ("width", "8"),
                    ("height", "8"),
                ])
        }
        svg.title(tooltip)
        svg.close(entry.state == .pending ? "circle" : entry.state == .firing ? "path" : "rect")
    }
}
