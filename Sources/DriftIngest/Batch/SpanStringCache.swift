/// Reuses the `String` made for a slot (a feature position) when the next string in that slot
/// has the same raw bytes — typical of batches where every event has the same feature names in
/// the same order, or repeats a category.
///
/// Equal raw bytes (escapes included) always decode to equal strings, so a hit is exact. Offsets
/// refer to the request body, which outlives the cache.
struct SpanStringCache {
    private struct Entry {
        var start: Int
        var count: Int
        var string: String
    }

    private var entries: [Entry] = []

    /// The string last stored in `slot`, if any.
    func string(slot: Int) -> String? {
        slot < entries.count && entries[slot].count >= 0 ? entries[slot].string : nil
    }

    /// The string of `token` (the cursor's last string) and whether it came from the cache.
    @inline(__always)
    mutating func string(slot: Int, token: StringToken, in cursor: JSONCursor) -> (string: String, hit: Bool) {
        if slot < entries.count {
            // Compare through the fields, without copying the entry (and retaining its string).
            if cursor.rawBytesEqual(token, start: entries[slot].start, count: entries[slot].count) {
                return (entries[slot].string, true)
            }
            let string = cursor.string(token)
            entries[slot] = Entry(start: token.rawStart, count: token.rawCount, string: string)
            return (string, false)
        }
        let string = cursor.string(token)
        // Slots that never held a string stay empty (a count of -1 matches nothing).
        while entries.count < slot { entries.append(Entry(start: 0, count: -1, string: "")) }
        entries.append(Entry(start: token.rawStart, count: token.rawCount, string: string))
        return (string, false)
    }
}
