public import DriftCore

/// A digest of what a slice's window result depends on: the rows' event times and labels (events never
/// change once stored; a late event changes the rows, a label changes a label) and the evaluation
/// settings. Two evaluations with equal fingerprints against the same reference version give the same
/// statistics, so the second may be skipped.
///
/// 64-bit FNV-1a (G. Fowler, L. C. Noll, K.-P. Vo, "FNV hash", IETF draft-eastlake-fnv), stable across
/// processes, unlike Swift's seeded `Hasher`.
public enum SliceFingerprint {
    /// The fingerprint of rows `rows` of `data` evaluated with `settings`.
    public static func of(_ data: WindowData, rows: [Int], settings: EvaluationSettings) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            var value = value
            for _ in 0..<8 {
                hash = (hash ^ (value & 0xff)) &* 0x0000_0100_0000_01b3
                value >>= 8
            }
        }
        func mix(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            mix(UInt64(text.utf8.count))
        }
        mix(UInt64(settings.minSamples))
        mix(settings.driftMethod.rawValue)
        mix((settings.driftThreshold ?? .nan).bitPattern)
        mix(settings.multipleTesting.rawValue)
        // The label's stored value, not its category name: naming a number formats it, which would cost
        // more than the rest of the digest.
        func row(_ index: Int) {
            mix(UInt64(bitPattern: data.timestamps[index]))
            switch data.labels[index] {
            case nil: mix(0)
            case .some(.number(let number)): mix(1); mix(number.bitPattern)
            case .some(.string(let text)): mix(2); mix(text)
            case .some(.bool(let flag)): mix(flag ? 3 : 4)
            case .some(.null): mix(5)
            }
        }
        mix(UInt64(rows.count))
        for index in rows { row(index) }
        return String(hash, radix: 16)
    }
}
