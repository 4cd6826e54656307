import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Checks every page must pass: it parses as XML (the pages are written as XHTML-compatible HTML5, so
/// an XML parser is a strict well-formedness check) and it reaches nothing outside itself.
enum PageChecks {
    /// The XML parser's complaint, or nil when `html` is well-formed.
    static func xmlError(_ html: String) -> String? {
        let parser = XMLParser(data: Data(html.utf8))
        let delegate = ErrorCollector()
        parser.delegate = delegate
        if parser.parse() { return nil }
        let error = parser.parserError.map { "\($0)" } ?? "unknown error"
        return "line \(parser.lineNumber), column \(parser.columnNumber): \(delegate.message ?? error)"
    }

    /// Every reference to something outside the page: `src`/`href` attributes with a scheme other than
    /// none (`http:`, `https:`, `//host`, `file:` …), CSS `url(…)` and `@import`, `<script>` and `<link>`
    /// elements, and any `http://` or `https://` text at all.
    static func externalReferences(_ html: String) -> [String] {
        var found: [String] = []
        let attribute = try! NSRegularExpression(pattern: #"\b(src|href|xlink:href)\s*=\s*"([^"]*)""#)
        let range = NSRange(html.startIndex..., in: html)
        for match in attribute.matches(in: html, range: range) {
            guard let valueRange = Range(match.range(at: 2), in: html) else { continue }
            let value = String(html[valueRange])
            if value.hasPrefix("//")
                || value.range(of: #"^[a-zA-Z][a-zA-Z0-9+.-]*:"#, options: .regularExpression) != nil
            {
                found.append(String(html[Range(match.range, in: html)!]))
            }
        }
        for pattern in [
            #"url\s*\("#, "@import", "<script", "<link", "http://", "https://", "<iframe", "<object", "<embed",
        ] {
            if html.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil {
                found.append(pattern)
            }
        }
        return found
    }

    private final class ErrorCollector: NSObject, XMLParserDelegate {
        var message: String?

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            message = message ?? "\(parseError)"
        }
    }
}
