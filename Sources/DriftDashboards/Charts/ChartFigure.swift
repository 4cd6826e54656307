/// A chart as the templates place it: a caption, the SVG, and a legend (the `chart` partial).
struct ChartFigure: Sendable {
    /// One legend entry: a line key in a series colour (solid or dashed) or a filled swatch.
    struct LegendItem: Sendable {
        var label: String
        /// The CSS classes of the key's line (`s0`, `s4 dash`) or swatch (`k3`, `f1`).
        var keyClass: String
        /// A filled square key instead of a line.
        var swatch: Bool
    }

    /// The caption: what is shown, with its unit.
    var title: String
    /// The SVG markup (already escaped).
    var svg: String
    var legend: [LegendItem]
    /// A sentence under the chart that says how to read it (may be empty).
    var note: String
    /// `full`, `wide` or `small`: the CSS size class of the figure.
    var size: String
    // Stored, not computed: the templates read values by reflection, which sees stored properties only.
    let hasLegend: Bool
    let hasNote: Bool

    init(title: String, svg: String, legend: [LegendItem], note: String, size: String) {
        self.title = title
        self.svg = svg
        self.legend = legend
        self.note = note
        self.size = size
        hasLegend = !legend.isEmpty
        hasNote = !note.isEmpty
    }
}
