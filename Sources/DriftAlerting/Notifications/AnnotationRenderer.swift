import Foundation

/// Fills `{{placeholder}}` in annotation templates (``AlertRule/placeholders``). Spaces inside the
/// braces are allowed; an unknown placeholder is left as written (the loader rejects them anyway).
enum AnnotationRenderer {
    /// `template` with each `{{name}}` replaced by `values[name]`.
    static func render(_ template: String, values: [String: String]) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            output += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// A metric value for people: up to 4 significant digits, no exponent for ordinary magnitudes.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "+inf" : "-inf") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 1e6 {
            var text = String(format: "%.4g", value)
            if text.contains("e") { text = String(format: "%.4f", value) }
            return text
        }
        return String(format: "%.3e", value)
    }
}
