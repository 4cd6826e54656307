import Foundation

/// Syntax checks for names and strings in rule files, one predicate each.
enum ValueRules {
    /// Rule and receiver names: 1–128 of `A–Z a–z 0–9 . _ -`, so they read well as the `alertname`
    /// label and in URLs.
    static func isName(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count) && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (isAlphanumeric(scalar) || scalar == "." || scalar == "_" || scalar == "-")
        }
    }

    /// An environment variable name as POSIX shells accept it: `[A-Za-z_][A-Za-z0-9_]*`.
    static func isEnvironmentName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first == "_" || isLetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || isAlphanumeric($0)) }
    }

    /// A Prometheus label name: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved).
    static func isLabelName(_ text: String) -> Bool {
        isEnvironmentName(text) && !text.hasPrefix("__")
    }

    /// Labels Driftwatch sets itself on every alert (API.md, "Webhooks"); a rule may not override them.
    static let reservedLabels: Set<String> = ["alertname", "model", "feature", "metric", "severity"]

    /// An absolute `http` or `https` URL with a host, or nil.
    static func httpURL(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }

    /// The placeholder names used in an annotation template (`{{ name }}`), or nil when a `{{`
    /// is not closed by `}}`.
    static func placeholders(in template: String) -> [String]? {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { return nil }
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || ("0"..."9").contains(scalar)
    }
}
