import DriftCore

extension EventDecoder {
    /// Reads `features`: an object of name → number, string, boolean or null, in arrival order.
    ///
    /// Names must be non-empty, distinct and at most ``Limits/maxStringBytes`` long; at most
    /// ``Limits/maxFeatures`` features. A duplicate name is refused rather than resolved, since
    /// which value was meant is unknowable (RFC 8259 §4).
    mutating func readFeatures(
        _ cursor: inout JSONCursor, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> [Event.Feature]? {
        let token = try cursor.readScalar()
        guard case .container(isObject: true) = token else {
            try cursor.reject(
                token, field: "features", expected: "an object of feature name → value", index: index,
                problems: &problems)
            return nil
        }
        let previousShape = verifiedShape
        verifiedShape = 0
        var features: [Event.Feature] = []
        features.reserveCapacity(previousShape)
        var sameShape = true
        var valid = true
        var count = 0
        var more = try cursor.enterObject()
        while more {
            let key = try cursor.readKey()
            let (name, hit) = featureNames.string(slot: count, token: key, in: cursor)
            sameShape = sameShape && hit
            location = .feature(slot: count)
            if key.decodedCount == 0 {
                problems.add(index: index, field: "features", reason: "feature names must not be empty")
                valid = false
            } else if key.decodedCount > limits.maxNameBytes {
                problems.add(
                    index: index, field: "features.\(name.prefix(64))",
                    reason: "the feature name is \(key.decodedCount) bytes long; "
                        + "names are limited to \(limits.maxNameBytes) bytes")
                valid = false
            } else if let offset = cursor.controlCharacterOffset(key) {
                problems.add(
                    index: index, field: "features",
                    reason: ControlCharacters.reason(field: "feature name \(ControlCharacters.quoted(name))", offset: offset))
                valid = false
            }
            count += 1
            if count == limits.maxFeatures + 1 {
                problems.add(
                    index: index, field: "features", reason: "more than \(limits.maxFeatures) features in one event")
                valid = false
            }
            // Every name is kept, even with a bad value, so that duplicates are still found.
            let value = try readFeatureValue(&cursor, slot: count - 1, name: name, index: index, problems: &problems)
            if value == nil { valid = false }
            features.append(Event.Feature(name: name, value: value ?? .null))
            location = .field(.features)
            more = try cursor.nextMember()
        }
        if !(sameShape && count == previousShape) {
            guard reportDuplicates(features, index: index, problems: &problems) else { return nil }
        }
        guard valid else { return nil }
        verifiedShape = count
        return features
    }

    /// One feature value; nil (reported) if it is an object or an array, or too long a string.
    @inline(__always)
    private mutating func readFeatureValue(
        _ cursor: inout JSONCursor, slot: Int, name: String, index: Int, problems: inout ProblemList
    ) throws(JSONSyntaxError) -> ScalarValue? {
        let token = try cursor.readScalar()
        switch token {
        case .number(let number): return .number(number.value)
        case .string(let string):
            guard string.decodedCount <= limits.maxStringBytes else {
                _ = cursor.checkedLength(
                    string, field: "features.\(name)", maxBytes: limits.maxStringBytes, index: index,
                    problems: &problems)
                return nil
            }
            return .string(featureValues.string(slot: slot, token: string, in: cursor).string)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .container:
            try cursor.reject(
                token, field: "features.\(name)", expected: "a number, a string, a boolean or null", index: index,
                problems: &problems)
            return nil
        }
    }

    /// Reports each name that occurs more than once; true when there is none.
    private func reportDuplicates(_ features: [Event.Feature], index: Int, problems: inout ProblemList) -> Bool {
        var duplicates: [String] = []
        if features.count <= 16 {
            for (position, feature) in features.enumerated()
            where features[..<position].contains(where: { $0.name == feature.name })
                && !duplicates.contains(feature.name)
            {
                duplicates.append(feature.name)
            }
        } else {
            var seen = Set<String>(minimumCapacity: features.count)
            var reported = Set<String>()
            for feature in features where !seen.insert(feature.name).inserted && reported.insert(feature.name).inserted
            {
                duplicates.append(feature.name)
            }
        }
        for name in duplicates {
            problems.add(
                index: index, field: "features.\(name)",
                reason:
                    "duplicate feature \"\(name)\"; each feature may appear once "
                    + "(RFC 8259 §4: names should be unique)",
                isSyntax: true)
        }
        return duplicates.isEmpty
    }
}
