public import DriftCore

/// A digest of what a slice's window result depends on: the rows' event times and labels (events never
/// change once stored; a late event changes the rows, a label changes a label) and the evaluation
/// settings. Two evaluations with equal fingerprints against the same reference version give the same
/// statistics, so the second may be skipped.
///
/// Built while the rows stream by (``add(timestamp:label:)``), in any order: each row is hashed on its own
/// and the row hashes are summed, so a slice folded from every row of its window and one folded
/// incrementally (its new rows arriving in storage order) have the same digest. The settings and the row
/// count are mixed in last.
///
/// Each hash is 64-bit FNV-1a (G. Fowler, L. C. Noll, K.-P. Vo, "FNV hash", IETF
/// draft-eastlake-fnv), stable across processes, unlike Swift's seeded `Hasher`; a row's hash goes through
/// the SplitMix64 finaliser (Steele, Lea, Flood 2014, "Fast splittable pseudorandom number generators",
/// OOPSLA) before it is summed, so that the sum does not inherit FNV's structure.
public struct SliceFingerprint: Sendable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private let settingsHash: UInt64
    private var sum: UInt64 = 0
    private var rows: UInt64 = 0

    /// An empty digest for rows evaluated with `settings`.
    public init(settings: EvaluationSettings) {
        var hash = Self.offsetBasis
        Self.mix(UInt64(settings.minSamples), into: &hash)
        Self.mix(settings.driftMethod.rawValue, into: &hash)
        Self.mix((settings.driftThreshold ?? .nan).bitPattern, into: &hash)
        Self.mix(settings.multipleTesting.rawValue, into: &hash)
        settingsHash = hash
    }

    /// The digest's running parts, for an archive (``KeptSlicesArchive``).
    var parts: (sum: UInt64, rows: UInt64) { (sum, rows) }

    /// A digest for rows evaluated with `settings` continuing the running `parts` of an archived one.
    init(settings: EvaluationSettings, parts: (sum: UInt64, rows: UInt64)) {
        self.init(settings: settings)
        (sum, rows) = parts
    }

    /// Mixes in one row of the slice: its event time and label. The label's stored value, not its
    /// category name: naming a number formats it, which would cost more than the rest of the digest.
    public mutating func add(timestamp: Int64, label: ScalarValue?) {
        var hash = Self.offsetBasis
        Self.mix(UInt64(bitPattern: timestamp), into: &hash)
        switch label {
        case nil: Self.mix(0, into: &hash)
        case .some(.number(let number)):
            Self.mix(1, into: &hash)
            Self.mix(number.bitPattern, into: &hash)
        case .some(.string(let text)):
            Self.mix(2, into: &hash)
            Self.mix(text, into: &hash)
        case .some(.bool(let flag)): Self.mix(flag ? 3 : 4, into: &hash)
        case .some(.null): Self.mix(5, into: &hash)
        }
        rows += 1
        sum &+= Self.finalised(hash)
    }

    /// Mixes in the rows `rows` of `chunk`.
    public mutating func add(_ chunk: WindowData, rows: [Int]) {
        for row in rows { add(timestamp: chunk.timestamps[row], label: chunk.labels[row]) }
    }

    /// The digest of the rows added so far, in hexadecimal.
    public var value: String {
        var hash = settingsHash
        Self.mix(sum, into: &hash)
        Self.mix(rows, into: &hash)
        return String(hash, radix: 16)
    }

    private static func mix(_ value: UInt64, into hash: inout UInt64) {
        var value = value
        for _ in 0..<8 {
            hash = (hash ^ (value & 0xff)) &* 0x0000_0100_0000_01b3
            value >>= 8
        }
    }

    private static func mix(_ text: String, into hash: inout UInt64) {
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        mix(UInt64(text.utf8.count), into: &hash)
    }

    /// SplitMix64's finaliser: a bijection of 64-bit words that spreads every input bit.
    private static func finalised(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
