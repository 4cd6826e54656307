package import DriftCore

/// The binary encoding of one event's tags, stored in `event.tags` (NULL when there are none).
///
/// ```
/// tags  := format:u8 (= 1), count:varint, (key:string, value:string)*
/// ```
/// Strings are ``ByteWriter`` strings (varint length + UTF-8). Tags are written in the order the event
/// holds them (sorted by key at ingestion), so equal tag sets have equal blobs.
package enum TagCodec {
    /// The format byte that starts every blob.
    static let format: UInt8 = 1

    /// Writes `tags` into `writer` (which is cleared first).
    package static func encode(_ tags: [Event.Tag], into writer: inout ByteWriter) {
        writer.removeAll()
        writer.write(byte: format)
        writer.write(count: tags.count)
        for tag in tags {
            writer.write(string: tag.key)
            writer.write(string: tag.value)
        }
    }

    /// The tags of a blob written by ``encode(_:into:)``.
    /// - Throws: ``StoreError/Code/corruptData`` for a damaged blob.
    package static func decode(_ bytes: UnsafeRawBufferPointer) throws(StoreError) -> [Event.Tag] {
        var reader = ByteReader(bytes)
        guard try reader.readByte() == format else { throw StoreError(.corruptData, "unknown tag blob format") }
        let count = try reader.readCount(limit: Limits.maxTags)
        var tags: [Event.Tag] = []
        tags.reserveCapacity(count)
        for _ in 0..<count {
            let key = try reader.readString()
            tags.append(Event.Tag(key: key, value: try reader.readString()))
        }
        guard reader.isAtEnd else { throw StoreError(.corruptData, "tag blob has trailing bytes") }
        return tags
    }
}
