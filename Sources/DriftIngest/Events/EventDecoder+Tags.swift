import DriftCore

extension EventDecoder {
    /// `shadow`: a boolean, or null for absent (false).
    mutating func readShadow(
        _ cursor: inout JSONCursor, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> Bool {
        let token = try cursor.readScalar()
        switch token {
        case .bool(let flag): return flag
        case .null: return false
        default:
            try cursor.reject(token, field: "shadow", expected: "a boolean", index: index, problems: &problems)
            return false
        }
    }

    /// `tags`: an object of key → string (API.md, "Slices"), or null for none. Returned sorted by key.
    ///
    /// At most ``Limits/maxTags`` entries; keys match `[a-z0-9_.-]{1,64}`; values are strings of at most
    /// ``Limits/maxTagValueBytes`` bytes without control characters. A repeated key is refused like a
    /// repeated feature name (RFC 8259 §4), as malformed JSON.
    mutating func readTags(
        _ cursor: inout JSONCursor, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> [Event.Tag] {
        let token = try cursor.readScalar()
        switch token {
        case .null: return []
        case .container(isObject: true): break
        default:
            try cursor.reject(
                token, field: "tags", expected: "an object of tag name → string", index: index, problems: &problems)
            return []
        }
        var tags: [Event.Tag] = []
        var count = 0
        var more = try cursor.enterObject()
        while more {
            let keyToken = try cursor.readKey()
            let key = tagKeys.string(slot: count, token: keyToken, in: cursor).string
            let keyValid = checkedTagKey(keyToken, key: key, cursor: cursor, index: index, problems: &problems)
            let fieldName = keyValid ? "tags.\(key)" : "tags"
            count += 1
            if count == Limits.maxTags + 1 {
                problems.add(index: index, field: "tags", reason: "more than \(Limits.maxTags) tags in one event")
            }
            let valueToken = try cursor.readScalar()
            guard case .string(let string) = valueToken else {
                try cursor.reject(valueToken, field: fieldName, expected: "a string", index: index, problems: &problems)
                more = try cursor.nextMember()
                continue
            }
            if keyValid, count <= Limits.maxTags,
                cursor.checkedLength(
                    string, field: fieldName, maxBytes: Limits.maxTagValueBytes, index: index, problems: &problems),
                cursor.checkedName(string, field: fieldName, index: index, problems: &problems)
            {
                tags.append(Event.Tag(key: key, value: tagValues.string(slot: count - 1, token: string, in: cursor).string))
            }
            more = try cursor.nextMember()
        }
        tags.sort { $0.key < $1.key }
        for position in tags.indices.dropFirst() where tags[position].key == tags[position - 1].key {
            problems.add(
                index: index, field: "tags.\(tags[position].key)",
                reason: "duplicate tag \"\(tags[position].key)\"; each tag may appear once "
                    + "(RFC 8259 §4: names should be unique)",
                isSyntax: true)
        }
        return tags
    }

    /// Whether a tag key matches `[a-z0-9_.-]{1,64}`; reports it when not.
    private func checkedTagKey(
        _ token: StringToken, key: String, cursor: JSONCursor, index: Int, problems: inout ProblemList
    ) -> Bool {
        if let offset = cursor.controlCharacterOffset(token) {
            problems.add(
                index: index, field: "tags",
                reason: ControlCharacters.reason(field: "tag name \(ControlCharacters.quoted(key))", offset: offset))
            return false
        }
        guard token.decodedCount >= 1, token.decodedCount <= Limits.maxTagKeyBytes,
            cursor.withDecodedBytes(token, { $0.allSatisfy(TagKey.isAllowed) })
        else {
            problems.add(
                index: index, field: "tags",
                reason: "tag name \(ControlCharacters.quoted(key)) is not a tag name: use 1 to \(Limits.maxTagKeyBytes) "
                    + "characters among a-z, 0-9, '_', '.' and '-'")
            return false
        }
        return true
    }
}
