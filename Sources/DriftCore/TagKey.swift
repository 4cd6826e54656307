/// The spelling of tag keys (API.md, "Slices"): `[a-z0-9_.-]{1,64}`.
public enum TagKey {
    /// Whether `byte` may appear in a tag key.
    @inline(__always)
    public static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// Whether `text` is a valid tag key.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= Limits.maxTagKeyBytes && utf8.allSatisfy(isAllowed)
    }
}
