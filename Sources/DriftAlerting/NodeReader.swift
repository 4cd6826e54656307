import Yams

/// The known and present keys of one YAML mapping, after unknown keys were reported.
struct MappingFields {
    /// The mapping node itself (its mark is the position of its first key).
    let node: Node
    /// Value node of each known key present.
    let values: [String: Node]
    /// Key node of each known key present.
    let keys: [String: Node]

    subscript(key: String) -> Node? { values[key] }
}

/// Reads typed values out of composed YAML nodes, recording a located `RuleError` for each problem
/// instead of stopping at the first one.
struct NodeReader {
    /// The file's path, for locations.
    let path: String
    /// Problems found so far.
    private(set) var errors: [RuleError] = []

    init(path: String) {
        self.path = path
    }

    /// Where `node` starts; 1:1 when Yams gave no mark.
    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Records a problem at `node`.
    mutating func fail(_ code: RuleError.Code, _ message: String, at node: Node) {
        errors.append(RuleError(code, message, at: location(of: node)))
    }

    /// Records a problem at `location`.
    mutating func fail(_ code: RuleError.Code, _ message: String, at location: SourceLocation) {
        errors.append(RuleError(code, message, at: location))
    }

    /// The fields of mapping `node` described as `what` (e.g. "rule 'x'"): reports a non-mapping,
    /// each unknown key (with the closest known key), and each missing required key.
    mutating func fields(of node: Node, as what: String, known: [String], required: [String]) -> MappingFields? {
        guard let mapping = node.mapping else {
            fail(.wrongType, "\(what) must be a mapping of keys (\(required.joined(separator: ", ")), …)", at: node)
            return nil
        }
        var values: [String: Node] = [:]
        var keys: [String: Node] = [:]
        var suggested: Set<String> = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                fail(.wrongType, "\(what) has a key that is not a plain string", at: key)
                continue
            }
            guard known.contains(name) else {
                let suggestion = ClosestMatch.suggestion(for: name, among: known)
                if let suggestion { suggested.insert(suggestion) }
                let hint = suggestion.map { "; did you mean '\($0)'?" }
                    ?? "; known keys: \(known.joined(separator: ", "))"
                fail(.unknownKey, "unknown key '\(name)' in \(what)\(hint)", at: key)
                continue
            }
            values[name] = value
            keys[name] = key
        }
        // A misspelt required key is reported once, as the unknown key with its suggestion.
        for name in required where values[name] == nil && !suggested.contains(name) {
            fail(.missingKey, "\(what) is missing required key '\(name)'", at: node)
        }
        return MappingFields(node: node, values: values, keys: keys)
    }

    /// The `name` of an entry of kind `entity` ("rule", "receiver"): a string that ``ValueRules/isName(_:)``
    /// accepts, appended to `declared` with its location as soon as it is read (so that duplicates are found
    /// even when the entry's other keys are wrong); nil after reporting a missing or malformed name.
    mutating func entryName(
        _ fields: MappingFields, of entity: String, declared: inout [(String, SourceLocation)]
    ) -> String? {
        guard let nameNode = fields["name"], let text = string(nameNode, key: "name") else { return nil }
        guard ValueRules.isName(text) else {
            fail(.invalidValue, "\(entity) name '\(text)' may use only letters, digits, '.', '_' and '-'", at: nameNode)
            return nil
        }
        declared.append((text, location(of: nameNode)))
        return text
    }

    /// A plain scalar string for `key`; reports lists, mappings, null and empty text.
    mutating func string(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            fail(.wrongType, "'\(key)' must be a string, not a \(kindName(node))", at: node)
            return nil
        }
        if scalar.style == .plain, node.null != nil {
            fail(.wrongType, "'\(key)' must be a string, not null", at: node)
            return nil
        }
        guard !scalar.string.isEmpty else {
            fail(.invalidValue, "'\(key)' must not be empty", at: node)
            return nil
        }
        return scalar.string
    }

    /// A finite number for `key`.
    mutating func number(_ node: Node, key: String) -> Double? {
        guard node.scalar != nil, let value = node.float, value.isFinite else {
            fail(.wrongType, "'\(key)' must be a finite number, got \(shown(node))", at: node)
            return nil
        }
        return value
    }

    /// A whole number for `key`.
    mutating func integer(_ node: Node, key: String) -> Int? {
        guard node.scalar != nil, let value = node.int else {
            fail(.wrongType, "'\(key)' must be a whole number, got \(shown(node))", at: node)
            return nil
        }
        return value
    }

    /// `true` or `false` for `key`.
    mutating func boolean(_ node: Node, key: String) -> Bool? {
        guard node.scalar != nil, let value = node.bool else {
            fail(.wrongType, "'\(key)' must be true or false, got \(shown(node))", at: node)
            return nil
        }
        return value
    }

    /// A duration (`500ms`, `30s`, `5m`, `1h`, `7d`) for `key`.
    mutating func duration(_ node: Node, key: String) -> Duration? {
        guard let text = string(node, key: key) else { return nil }
        guard let value = RuleDuration.parse(text), value > .zero else {
            fail(.invalidDuration, "'\(key)' must be a positive duration such as 30s, 5m, 1h or 7d, got '\(text)'", at: node)
            return nil
        }
        return value
    }

    /// One value of a closed set (`T`'s raw values) for `key`, with a suggestion for typos.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, key: String, as _: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, key: key) else { return nil }
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map(\.rawValue)
        let hint = ClosestMatch.hint(for: text, among: allowed)
        fail(.unknownValue, "unknown \(key) '\(text)'\(hint) (one of: \(allowed.joined(separator: ", ")))", at: node)
        return nil
    }

    /// A list of strings for `key`, each with its node (for locations).
    mutating func strings(_ node: Node, key: String) -> [(String, Node)]? {
        guard let sequence = node.sequence else {
            fail(.wrongType, "'\(key)' must be a list, e.g. [a, b], not a \(kindName(node))", at: node)
            return nil
        }
        var result: [(String, Node)] = []
        var ok = true
        for item in sequence {
            if let text = string(item, key: key) { result.append((text, item)) } else { ok = false }
        }
        return ok ? result : nil
    }

    /// A mapping of string to string for `key`, each value with its key and value nodes.
    mutating func stringMap(_ node: Node, key: String) -> [(name: String, value: String, keyNode: Node, valueNode: Node)]? {
        guard let mapping = node.mapping else {
            fail(.wrongType, "'\(key)' must be a mapping of names to strings, not a \(kindName(node))", at: node)
            return nil
        }
        var result: [(name: String, value: String, keyNode: Node, valueNode: Node)] = []
        var ok = true
        for (entryKey, entryValue) in mapping {
            guard let name = entryKey.scalar?.string, !name.isEmpty else {
                fail(.wrongType, "'\(key)' has a key that is not a plain string", at: entryKey)
                ok = false
                continue
            }
            guard let scalar = entryValue.scalar else {
                fail(.wrongType, "'\(key).\(name)' must be a string, not a \(kindName(entryValue))", at: entryValue)
                ok = false
                continue
            }
            result.append((name, scalar.string, entryKey, entryValue))
        }
        return ok ? result : nil
    }

    private func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: "scalar"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private func shown(_ node: Node) -> String {
        node.scalar.map { "'\($0.string)'" } ?? "a \(kindName(node))"
    }
}
