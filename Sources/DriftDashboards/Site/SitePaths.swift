import DriftCore

/// Where each page goes under the output directory, and the relative links between pages.
///
/// ```
/// index.html
/// status-<status>.html, status-<status>-2.html, …
/// models/<model>/index.html
/// models/<model>/slice-<slice>.html
/// models/<model>/features/<feature>.html
/// ```
/// Model names are slugs and are used as they are. Feature names may hold any character, so they are
/// escaped into file names (``featureFileName(_:)``).
enum SitePaths {
    static let index = "index.html"

    /// Page `page` (from 1) of the list of models with `status`: `status-drifting.html`,
    /// `status-drifting-2.html`, … (beside `index.html`, so links to model pages are the same).
    static func statusList(_ status: ModelStatus, page: Int) -> String {
        "status-\(status.rawValue)" + (page > 1 ? "-\(page)" : "") + ".html"
    }

    static func model(_ name: String) -> String {
        "models/\(name)/index.html"
    }

    /// A slice's page beside the model's page (`models/<model>/slice-model_version~3av2.html`), so that its
    /// links to the index and the feature pages are the model page's.
    static func slice(model: String, slice: String) -> String {
        "models/\(model)/\(sliceFileName(slice))"
    }

    /// `slice-` and the slice's name escaped as a feature name is.
    static func sliceFileName(_ slice: String) -> String {
        "slice-" + featureFileName(slice)
    }

    static func feature(model: String, feature: String) -> String {
        "models/\(model)/features/\(featureFileName(feature))"
    }

    /// A file name for a feature: ASCII letters, digits, `-` and `_` are kept; every other byte of the
    /// name's UTF-8 (`.` and `/` included) becomes `~XX` in hex (`~` is unreserved in URLs, so links need
    /// no further escaping), so distinct names give distinct files and no name gives a hidden file or a
    /// path. A name with capitals also gets `-` and a hash of the name, so
    /// that `Age` and `age` stay apart on case-insensitive file systems; very long names are cut and
    /// hashed likewise. The hash is 32-bit FNV-1a (Fowler, Noll and Vo).
    static func featureFileName(_ feature: String) -> String {
        var stem = ""
        for byte in feature.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                stem.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                stem += "~" + hex(UInt32(byte), digits: 2)
            }
        }
        if stem.isEmpty { stem = "~" }
        let hasCapitals = feature.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        if stem.count > 120 || hasCapitals {
            stem = String(stem.prefix(120)) + "-" + hex(fnv1a(feature), digits: 8)
        }
        return stem + ".html"
    }

    /// 32-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
