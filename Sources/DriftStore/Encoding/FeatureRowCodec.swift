package import DriftCore

/// The binary encoding of one event's features, stored in `event.features`.
///
/// ```
/// row   := format:u8 (= 1), entry*
/// entry := slot:varint, tag:u8, payload
/// tag   := 0 null | 1 number (8-byte little-endian Float64) | 2 string (varint length + UTF-8)
///        | 3 false | 4 true
/// ```
///
/// A slot is the feature's index in the model's feature dictionary (table `feature_slot`), so a row
/// does not depend on the schema it was written under: a window read maps slots to the columns of
/// whichever schema it is asked for, and a feature that was unexpected at ingestion becomes readable
/// if a later reference adds it. Values keep the type they arrived with; the conversion to the
/// schema's type (number for numeric, category name for categorical) happens when a window is read,
/// with the same rules as ``ScalarValue/numericValue`` and ``ScalarValue/categoryName``.
package enum FeatureRowCodec {
    /// The format byte that starts every row.
    static let format: UInt8 = 1

    /// The type tag of an encoded value.
    enum Tag: UInt8 {
        case null = 0
        case number = 1
        case string = 2
        case falseValue = 3
        case trueValue = 4
    }

    /// Appends one row to `writer`: the features whose names have a slot, in arrival order.
    /// - Parameter slot: the slot of a feature name, or nil to leave the feature out.
    package static func encode(
        _ features: [Event.Feature], into writer: inout ByteWriter, slot: (String) throws -> Int?
    ) rethrows {
        writer.write(byte: format)
        for feature in features {
            guard let slot = try slot(feature.name) else { continue }
            writer.write(count: slot)
            switch feature.value {
            case .null:
                writer.write(byte: Tag.null.rawValue)
            case .number(let number):
                writer.write(byte: Tag.number.rawValue)
                writer.write(double: number)
            case .string(let text):
                writer.write(byte: Tag.string.rawValue)
                writer.write(string: text)
            case .bool(let flag):
                writer.write(byte: (flag ? Tag.trueValue : Tag.falseValue).rawValue)
            }
        }
    }

    /// Decodes a whole row into named values (for tests and diagnostics; window reads use
    /// ``WindowColumnsBuilder``, which never builds a `ScalarValue` per value).
    static func decode(_ bytes: UnsafeRawBufferPointer, names: [Int: String]) throws(StoreError) -> [Event.Feature] {
        var reader = ByteReader(bytes)
        guard try reader.readByte() == format else { throw StoreError(.corruptData, "unknown feature row format") }
        var features: [Event.Feature] = []
        while !reader.isAtEnd {
            let slot = try reader.readCount()
            let value: ScalarValue
            switch Tag(rawValue: try reader.readByte()) {
            case .null: value = .null
            case .number: value = .number(try reader.readDouble())
            case .string: value = .string(try reader.readString())
            case .falseValue: value = .bool(false)
            case .trueValue: value = .bool(true)
            case nil: throw StoreError(.corruptData, "unknown value tag in feature row")
            }
            features.append(Event.Feature(name: names[slot] ?? "#\(slot)", value: value))
        }
        return features
    }
}
