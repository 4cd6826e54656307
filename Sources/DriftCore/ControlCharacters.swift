/// Control characters (U+0000–U+001F and U+007F) in identifiers.
///
/// Ids, feature names, tag keys, model versions and reference column names are shown on pages, written
/// to logs and bound to SQL statements; SQLite's C interface, as GRDB calls it, reads a bound string up to
/// its first NUL, so `"a\u{0}b"` would silently become `"a"`. Such names are refused at the boundary.
public enum ControlCharacters {
    /// Whether `byte` is a C0 control character or DEL.
    @inline(__always)
    public static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// The UTF-8 offset of the first control character in `text`, or nil when there is none.
    public static func firstOffset(in text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes in bytes.firstIndex(where: isControl) }
    }

    /// Whether `text` contains a control character.
    public static func contains(_ text: String) -> Bool { firstOffset(in: text) != nil }

    /// The first 64 scalars of `name` in quotes, its control characters written as `\u{…}`, for messages.
    public static func quoted(_ name: String) -> String {
        var text = "\""
        for scalar in name.unicodeScalars.prefix(64) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                text += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The reason to give a client for a name with a control character, naming its position.
    public static func reason(field: String, offset: Int) -> String {
        "\(field) contains a control character at byte \(offset); ids and names may not contain U+0000–U+001F or U+007F"
    }
}
