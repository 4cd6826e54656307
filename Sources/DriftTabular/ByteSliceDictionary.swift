/// Dictionary encoding of byte strings: assigns consecutive codes `0, 1, 2, …` to distinct
/// byte sequences in order of first appearance, hashing the bytes directly (no `String` per
/// lookup). Each distinct key is copied once into an arena; ``categories()`` decodes each once.
///
/// Open addressing with linear probing, load factor at most 1/2. The hash is seeded per
/// dictionary from the system random generator, so crafted inputs cannot predict collisions.
struct ByteSliceDictionary {
    /// Concatenated distinct keys.
    private var arena: [UInt8] = []
    /// Key `code` occupies `arena[keyStarts[code]..<keyStarts[code + 1]]`.
    private var keyStarts: [Int] = [0]
    /// Full hash of each key, to skip most byte comparisons and to rehash cheaply.
    private var keyHashes: [UInt64] = []
    /// Slot → code + 1 (0 = empty). Size is a power of two.
    private var slots: [Int32] = [Int32](repeating: 0, count: 16)
    private let seed: UInt64 = UInt64.random(in: .min ... .max)

    /// Number of distinct keys.
    var count: Int { keyHashes.count }

    /// The code of `key`, inserting it if new.
    mutating func code(for key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(key, seed: seed)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let code = Int(entry) - 1
            if keyHashes[code] == hash && keyEquals(code, key) { return Int32(code) }
            slot = (slot + 1) & mask
        }
        let code = keyHashes.count
        arena.append(contentsOf: key)
        keyStarts.append(arena.count)
        keyHashes.append(hash)
        slots[slot] = Int32(code + 1)
        if 2 * keyHashes.count > slots.count { rehash() }
        return Int32(code)
    }

    /// The distinct keys decoded as UTF-8 (invalid sequences would be repaired; the CSV
    /// document validates its input, so none occur there), in code order.
    func categories() -> [String] {
        arena.withUnsafeBufferPointer { bytes in
            (0..<count).map { code in
                String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStarts[code]..<keyStarts[code + 1]]), as: UTF8.self)
            }
        }
    }

    /// Calls `body` with every key, in code order.
    func forEachKey(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        arena.withUnsafeBufferPointer { bytes in
            for code in 0..<count {
                body(UnsafeBufferPointer(rebasing: bytes[keyStarts[code]..<keyStarts[code + 1]]))
            }
        }
    }

    private func keyEquals(_ code: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[code]
        guard keyStarts[code + 1] - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { bytes in
            for offset in 0..<key.count where bytes[start + offset] != key[offset] { return false }
            return true
        }
    }

    private mutating func rehash() {
        let newCount = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: newCount)
        let mask = newCount - 1
        for (code, hash) in keyHashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = Int32(code + 1)
        }
        slots = newSlots
    }

    /// A seeded 64-bit hash: eight bytes at a time, each step a multiply–xorshift mix.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var state = seed ^ (UInt64(truncatingIfNeeded: key.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let start = key.baseAddress else { return mix(state) }
        var index = 0
        while key.count - index >= 8 {
            state = mix(state ^ UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self))
            index += 8
        }
        if index < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < key.count {
                tail |= UInt64(start[index]) << shift
                shift += 8
                index += 1
            }
            state = mix(state ^ tail)
        }
        return mix(state)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 32
        x &*= 0xD6E8_FEB8_6659_FD93
        x ^= x >> 32
        x &*= 0xD6E8_FEB8_6659_FD93
        x ^= x >> 32
        return x
    }
}
