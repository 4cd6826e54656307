/// A shell-style pattern for model and feature names.
///
/// - `*` matches any run of characters, including none;
/// - `?` matches exactly one character;
/// - every other character matches itself, case-sensitively (no escapes, no `[...]` classes:
///   model slugs and feature names are matched literally otherwise).
///
/// The whole name must match: `fraud-*` matches `fraud-detector` but not `old-fraud-detector`.
/// Characters are Swift `Character`s (grapheme clusters), so `?` matches one visible character.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written in the rule file.
    public let pattern: String

    /// The pattern that matches every name.
    public static let any = Glob("*")

    /// A glob for `pattern`. Every string is a valid pattern.
    public init(_ pattern: String) {
        self.pattern = pattern
    }

    public var description: String { pattern }

    /// Whether `name` matches the whole pattern.
    ///
    /// Greedy matching with a single backtrack point (the last `*` seen), linear in practice and
    /// O(pattern × name) at worst; no recursion, so long names cannot exhaust the stack.
    public func matches(_ name: String) -> Bool {
        let pattern = Array(self.pattern)
        let text = Array(name)
        var p = 0
        var t = 0
        var starAt: Int?
        var textAtStar = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                starAt = p
                textAtStar = t
                p += 1
            } else if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if let star = starAt {
                // Let the last `*` swallow one more character and retry from there.
                p = star + 1
                textAtStar += 1
                t = textAtStar
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
