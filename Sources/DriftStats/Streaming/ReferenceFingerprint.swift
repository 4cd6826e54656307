extension ReferenceProfile {
    /// A 64-bit digest of what a window's streaming state is laid out by: the feature order, each feature's
    /// type, its breakpoints (numeric: the slots a fold counts in) or categories, the prediction's, and
    /// whether a calibration is present. An archived state carries it, so that a state written against
    /// another reference is refused even when the lengths happen to agree. FNV-1a (Fowler, Noll and Vo),
    /// 64-bit: a checksum against mix-ups, not a cryptographic hash.
    public var stateFingerprint: UInt64 {
        var hash = FNV1a()
        hash.add(UInt64(featureOrder.count))
        for name in featureOrder {
            hash.add(name)
            hash.add(features[name])
        }
        hash.add(prediction)
        hash.add(calibration == nil ? 0 : 1)
        return hash.value
    }
}

/// A 64-bit FNV-1a digest of bytes (a checksum against mix-ups, not a cryptographic hash).
public func stateDigest(_ bytes: [UInt8]) -> UInt64 {
    var hash = FNV1a()
    for byte in bytes { hash.add(byte: byte) }
    return hash.value
}

/// FNV-1a over 64-bit words and strings.
private struct FNV1a {
    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ word: UInt64) {
        var rest = word
        for _ in 0..<8 {
            value = (value ^ (rest & 0xFF)) &* 0x0000_0100_0000_01B3
            rest >>= 8
        }
    }

    mutating func add(_ text: String) {
        add(UInt64(text.utf8.count))
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }

    mutating func add(_ feature: FeatureReference?) {
        switch feature {
        case nil:
            add(0)
        case .numeric(let numeric)?:
            add(1)
            let points = numeric.partition.breakpoints
            add(UInt64(points.count))
            add(UInt64(numeric.partition.referenceCount))
            for point in points { add(point.bitPattern) }
        case .categorical(let categorical)?:
            add(2)
            add(UInt64(categorical.categories.count))
            for category in categorical.categories { add(category) }
        }
    }
}
