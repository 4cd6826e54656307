/// Segment values × windows, each cell coloured by the share of the segment's compared features that
/// drifted in that window, in the heat buckets of ``Heatmap`` (`k0`: none … `k7`: all). Segments are
/// few (at most `max_segment_values` + 2 per key), so each cell is one `<rect>`, with its value as tooltip.
struct SegmentHeatmap {
    /// One segment slice's row.
    struct Row {
        /// `region:eu`.
        var name: String
        /// Link to the slice's page, relative to the page the heatmap is on.
        var href: String
        /// One entry per axis slot: nil where no window was evaluated or no feature had a decision.
        var shares: [Double?]
    }

    var rows: [Row]
    var axis: TimeAxis

    private static let width = 960.0
    private static let left = 150.0
    private static let right = 12.0
    private static let top = 6.0
    private static let bottom = 34.0
    private static let rowHeight = 16.0

    /// The bucket of a share in [0, 1]: 0 for none, then seven equal steps up to all.
    static func bucket(_ share: Double) -> Int {
        share <= 0 ? 0 : min(Heatmap.buckets - 1, Int((share * Double(Heatmap.buckets - 1)).rounded(.up)))
    }

    func figure() -> ChartFigure {
        ChartFigure(
            title: "Segments: drifted-feature share per segment and window", svg: svg(),
            legend: [
                .init(label: "no feature drifted", keyClass: "k0", swatch: true),
                .init(label: "half drifted", keyClass: "k\(Self.bucket(0.5))", swatch: true),
                .init(label: "all drifted", keyClass: "k\(Heatmap.buckets - 1)", swatch: true),
            ],
            note:
                "Each segment is compared with the reference like the whole model (its own feature is left out). Blank: no window, or too few values for any decision. A segment's name opens its page.",
            size: "wide")
    }

    func svg() -> String {
        let height = Self.top + Double(rows.count) * Self.rowHeight + Self.bottom
        let plotWidth = Self.width - Self.left - Self.right
        let cell = plotWidth / Double(max(axis.slots, 1))
        let drifted = rows.map { $0.shares.compactMap { $0 }.filter { $0 > 0 }.count }
        let summary =
            "Drifted-feature share of \(rows.count) segments over \(axis.slots) windows; "
            + zip(rows, drifted).map { "\($0.name): \($1) windows with drift" }.joined(separator: ", ")
        var svg = SVGWriter(reservingCapacity: 1_024 + rows.count * axis.slots * 60)
        svg.open(
            "svg",
            [
                ("class", "chart heat"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(height))"), ("role", "img"),
                ("aria-label", summary),
            ])
        svg.title(summary)
        for (index, row) in rows.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight
            svg.open("a", [("href", row.href)])
            svg.element(
                "text",
                [
                    ("class", "rl"), ("x", SVGWriter.number(Self.left - 6)),
                    ("y", SVGWriter.number(y + Self.rowHeight - 4)),
                ],
                text: row.name)
            svg.close("a")
            for (slot, share) in row.shares.enumerated() {
                guard let share else { continue }
                svg.open(
                    "rect",
                    [
                        ("class", "k\(Self.bucket(share))"), ("x", SVGWriter.number(Self.left + Double(slot) * cell)),
                        ("y", SVGWriter.number(y + 1)), ("width", SVGWriter.number(cell)),
                        ("height", SVGWriter.number(Self.rowHeight - 2)),
                    ])
                svg.title(
                    "\(row.name), \(TextFormat.time(axis.start + Int64(slot) * axis.step)): \(TextFormat.percent(share)) of features drifted"
                )
                svg.close("rect")
            }
        }
        let axisY = Self.top + Double(rows.count) * Self.rowHeight
        for tick in axis.ticks(maximum: 8) {
            let x = Self.left + Double(tick.time - axis.start) / Double(max(axis.end - axis.start, 1)) * plotWidth
            svg.element(
                "text", [("class", "xa"), ("x", SVGWriter.number(x)), ("y", SVGWriter.number(axisY + 16))],
                text: tick.label)
        }
        svg.close("svg")
        return svg.text
    }
}
