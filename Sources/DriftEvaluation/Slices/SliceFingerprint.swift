public import DriftCore

/// A digest of what a slice's window result depends on: the rows' event times and labels (events never
/// change once stored; a late event changes the rows, a label changes a label) and the evaluation
/// settings. Two evaluations with equal fingerprints against the same reference version give the same
/// statistics, so the second may be skipped.
///
/// Built while the rows stream by, in window order (``add(timestamp:label:)``), so that a pass needs no
/// list of a slice's rows; the row count is mixed in last.
///
/// 64-bit FNV-1a (G. Fowler, L. C. Noll, K.-P. Vo, "FNV hash", IETF draft-eastlake-fnv), stable across
/// processes, unlike Swift's seeded `Hasher`.
public struct SliceFingerprint: Sendable {
    private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    private var rows: UInt64 = 0

    /// An empty digest for rows evaluated with `settings`.
    public init(settings: EvaluationSettings) {
        mix(UInt64(settings.minSamples))
        mix(settings.driftMethod.rawValue)
        mix((settings.driftThreshold ?? .nan).bitPattern)
        mix(settings.multipleTesting.rawValue)
    }

    /// Mixes in the next row of the slice: its event time and label. The label's stored value, not its
    /// category name: naming a number formats it, which would cost more than the rest of the digest.
    public mutating func add(timestamp: Int64, label: ScalarValue?) {
        rows += 1
        mix(UInt64(bitPattern: timestamp))
        switch label {
        case nil: mix(0)
        case .some(.number(let number)):
            mix(1)
            mix(number.bitPattern)
        case .some(.string(let text)):
            mix(2)
            mix(text)
        case .some(.bool(let flag)): mix(flag ? 3 : 4)
        case .some(.null): mix(5)
        }
    }

    /// Mixes in the rows `rows` of `chunk`, in order.
    public mutating func add(_ chunk: WindowData, rows: [Int]) {
        for row in rows { add(timestamp: chunk.timestamps[row], label: chunk.labels[row]) }
    }

    /// The digest of the rows added so far, in hexadecimal.
    public var value: String {
        var copy = self
        copy.mix(rows)
        return String(copy.hash, radix: 16)
    }

    private mutating func mix(_ value: UInt64) {
        var value = value
        for _ in 0..<8 {
            hash = (hash ^ (value & 0xff)) &* 0x0000_0100_0000_01b3
            value >>= 8
        }
    }

    private mutating func mix(_ text: String) {
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        mix(UInt64(text.utf8.count))
    }
}
