/// The colours of the charts, chosen to stay distinguishable with the common colour-vision deficiencies.
///
/// - Heatmap: a sequential scale sampled from **viridis** (Stéfan van der Walt and Nathaniel Smith,
///   designed for matplotlib 2.0, 2015: perceptually uniform, monotonic in lightness, readable in
///   grey-scale and by people with red–green deficiencies). ``viridisAnchors`` are matplotlib's viridis
///   at ten evenly spaced points; the scale between them is linear interpolation in sRGB, which stays
///   within a few units of the full 256-entry table because viridis is smooth. In light mode low values
///   are light (yellow) and drift is dark (purple); in dark mode the scale runs the other way, so in both
///   the drifted cells are the ones that stand out from the page.
/// - Lines: the eight-colour palette of **Okabe and Ito** ("Color Universal Design", 2008), which stays
///   distinct for protanopes, deuteranopes and tritanopes. Yellow is left out (too light on white).
///
/// The colours reach the page as CSS custom properties (``css``), so the stylesheet and the light/dark
/// switch (`prefers-color-scheme`) decide them and each SVG element carries a short class name only.
enum ColorScale {
    /// matplotlib's viridis at t = 0, 1/9, …, 1.
    static let viridisAnchors: [UInt32] = [
        0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725,
    ]

    /// Okabe–Ito colours for series 0…6 in light mode: blue, orange, bluish green, reddish purple,
    /// vermillion, sky blue, black.
    static let okabeItoLight: [UInt32] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0xD55E00, 0x56B4E9, 0x000000]
    /// The same roles on a dark background: sky blue instead of the dark blue, white instead of black.
    static let okabeItoDark: [UInt32] = [0x56B4E9, 0xE69F00, 0x009E73, 0xCC79A7, 0xD55E00, 0x0072B2, 0xFFFFFF]

    /// viridis at `t` ∈ [0, 1] as 0xRRGGBB.
    static func viridis(_ t: Double) -> UInt32 {
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(viridisAnchors.count - 1)
        let lower = min(Int(position), viridisAnchors.count - 2)
        let fraction = position - Double(lower)
        let (a, b) = (viridisAnchors[lower], viridisAnchors[lower + 1])
        var result: UInt32 = 0
        for shift in [16, 8, 0] as [UInt32] {
            let from = Double((a >> shift) & 0xFF)
            let to = Double((b >> shift) & 0xFF)
            let channel = UInt32((from + (to - from) * fraction).rounded())
            result |= channel << shift
        }
        return result
    }

    /// `n` colours of the sequential scale, from the lowest bucket to the highest, for the light scheme.
    static func heatmapLight(buckets n: Int) -> [UInt32] {
        (0..<n).map { viridis(1 - Double($0) / Double(max(n - 1, 1))) }
    }

    /// `n` colours for the dark scheme: low values dark, high values bright.
    static func heatmapDark(buckets n: Int) -> [UInt32] {
        heatmapLight(buckets: n).reversed()
    }

    /// `#rrggbb`.
    static func hex(_ color: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for shift in stride(from: 20, through: 0, by: -4) {
            text.append(digits[Int((color >> UInt32(shift)) & 0xF)])
        }
        return text
    }

    /// The CSS that defines the chart colours for both schemes: `--h0…` (heatmap buckets), `--c0…`
    /// (series), and the classes `.hN` (stroke, for heatmap runs), `.kN` (fill, for legend keys), `.sN`
    /// (series stroke) and `.fN` (series fill).
    static func css(buckets: Int) -> String {
        let light = heatmapLight(buckets: buckets)
        let dark = heatmapDark(buckets: buckets)
        func variables(_ heat: [UInt32], _ series: [UInt32]) -> String {
            heat.enumerated().map { "--h\($0.offset):\(hex($0.element));" }.joined()
                + series.enumerated().map { "--c\($0.offset):\(hex($0.element));" }.joined()
        }
        var css = ":root{" + variables(light, okabeItoLight) + "}"
        css += "@media (prefers-color-scheme: dark){:root{" + variables(dark, okabeItoDark) + "}}"
        for index in 0..<buckets {
            css += ".h\(index){stroke:var(--h\(index))}.k\(index){fill:var(--h\(index))}"
        }
        for index in okabeItoLight.indices {
            css += ".s\(index){stroke:var(--c\(index))}.f\(index){fill:var(--c\(index))}"
        }
        return css
    }
}
