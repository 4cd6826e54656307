/// Builds SVG (and HTML) markup as text: elements with escaped attribute values and text, written as
/// XML (every element closed, attributes quoted) so that the pages parse as XML as well as HTML5.
///
/// Charts append thousands of elements, so the writer appends to one string and never builds a tree.
struct SVGWriter {
    /// The markup written so far.
    private(set) var text = ""

    init(reservingCapacity capacity: Int = 0) {
        text.reserveCapacity(capacity)
    }

    /// Writes `<name a="v" …>`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        appendAttributes(attributes)
        text += ">"
    }

    /// Writes `</name>`.
    mutating func close(_ name: String) {
        text += "</" + name + ">"
    }

    /// Writes `<name a="v" …/>`.
    mutating func empty(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        appendAttributes(attributes)
        text += "/>"
    }

    /// Writes `<name a="v" …>text</name>` with `content` escaped.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String) {
        open(name, attributes)
        text += Self.escape(content)
        close(name)
    }

    /// Writes `<title>…</title>`: the tooltip and accessible name of the enclosing SVG element.
    mutating func title(_ content: String) {
        element("title", text: content)
    }

    /// Appends markup as it is (already escaped or generated).
    mutating func raw(_ markup: String) {
        text += markup
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (key, value) in attributes {
            text += " " + key + "=\"" + Self.escape(value) + "\""
        }
    }

    /// Escapes the five characters that are special in XML text and attribute values.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return value
        }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count + 16)
        for character in value.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// A coordinate or length for an attribute: at most one decimal, so that a page stays small.
    static func number(_ value: Double) -> String {
        TextFormat.decimal(value, digits: 1)
    }
}
