/// The members an event object may have (API.md, "Concepts"). Any other member is refused, so a
/// typo such as `"feature"` cannot silently drop data.
enum EventField: UInt8, CaseIterable {
    case id, timestamp, features, prediction, score, label, modelVersion, shadow, tags, latencyMilliseconds

    /// The member name as written in JSON.
    var name: String {
        switch self {
        case .id: "id"
        case .timestamp: "timestamp"
        case .features: "features"
        case .prediction: "prediction"
        case .score: "score"
        case .label: "label"
        case .modelVersion: "model_version"
        case .shadow: "shadow"
        case .tags: "tags"
        case .latencyMilliseconds: "latency_ms"
        }
    }

    /// Whether an event must have the member.
    var isRequired: Bool {
        switch self {
        case .id, .timestamp, .features, .prediction: true
        case .score, .label, .modelVersion, .shadow, .tags, .latencyMilliseconds: false
        }
    }

    /// One bit per field, to detect duplicates.
    var bit: UInt16 { 1 << UInt16(rawValue) }

    /// The field named by the decoded bytes of a member name, if it is one.
    @inline(__always)
    init?(name bytes: UnsafeBufferPointer<UInt8>) {
        func equals(_ word: StaticString) -> Bool {
            let letters = word.utf8Start
            for offset in 0..<bytes.count where bytes[offset] != letters[offset] { return false }
            return true
        }
        switch bytes.count {
        case 2 where equals("id"): self = .id
        case 9 where equals("timestamp"): self = .timestamp
        case 8 where equals("features"): self = .features
        case 10 where equals("prediction"): self = .prediction
        case 10 where equals("latency_ms"): self = .latencyMilliseconds
        case 5 where equals("score"): self = .score
        case 5 where equals("label"): self = .label
        case 13 where equals("model_version"): self = .modelVersion
        case 6 where equals("shadow"): self = .shadow
        case 4 where equals("tags"): self = .tags
        default: return nil
        }
    }
}

/// The reason for an unknown member, with a suggestion when the name is close to a known one.
enum UnknownField {
    /// For example: `unknown field "feature" (did you mean "features"?); …`.
    static func reason(for name: String, known: [String], noun: String) -> String {
        var text = "unknown field \"\(name.prefix(64))\""
        if let suggestion = closest(to: name, in: known) { text += " (did you mean \"\(suggestion)\"?)" }
        return text + "; \(noun == "event" ? "an" : "a") \(noun) has only " + known.joined(separator: ", ")
    }

    /// The known name equal to `name` up to case, `_` and `-`, or within edit distance 2.
    static func closest(to name: String, in known: [String]) -> String? {
        func normalized(_ text: String) -> [Character] {
            Array(text.lowercased().filter { $0 != "_" && $0 != "-" })
        }
        let target = normalized(name)
        guard target.count <= 64 else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(target, normalized(candidate))
            if distance <= 2, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
