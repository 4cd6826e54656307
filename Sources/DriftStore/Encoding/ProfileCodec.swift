import DriftCore
package import DriftStats
import Foundation

/// The binary encoding of a ``ReferenceProfile``, stored in `reference.profile`.
///
/// ```
/// profile    := magic "DWRP", format:u8 (= 2), rowCount:varint,
///               featureCount:varint, (name:string, reference)*, hasPrediction:u8, reference?,
///               hasCalibration:u8, calibration?
/// calibration := json:bytes   (the ScoreCalibration's JSON encoding)
/// reference  := kind:u8, body
/// kind 0     := bins:varint, missing:varint, count:varint, count × Float64 (little-endian, ascending)
/// kind 1     := json:bytes   (the CategoricalReference's JSON encoding)
/// ```
///
/// A numeric reference is its sorted values, which for a 1M-row reference are 8 MB of doubles: written
/// raw they are copied in and out in milliseconds, where JSON spends about a second formatting and
/// parsing decimal text (docs/storage.md has the measurement). Categorical references are small (one
/// count per category) and keep their JSON form, as does the score calibration (a few hundred fitted
/// points at most). Format 1, written before estimated performance existed, has no calibration and
/// still decodes, without one.
///
/// The codec names every stored property of ``ReferenceProfile`` and ``NumericReference``; a test
/// compares that list with their `Codable` keys, so a property added there fails the test until it
/// is added here (and the format byte raised).
package enum ProfileCodec {
    private static let magic: [UInt8] = Array("DWRP".utf8)
    private static let format: UInt8 = 2
    /// The format without a calibration, still read.
    private static let formatWithoutCalibration: UInt8 = 1
    /// A sanity bound on a stored bin count, so that a damaged blob cannot ask for a huge allocation.
    private static let maximumBins = 1 << 20

    /// The `Codable` keys of ``ReferenceProfile`` that this format stores.
    static let profileKeys: Set<String> = ["features", "feature_order", "row_count", "prediction", "calibration"]
    /// The `Codable` keys of ``NumericReference`` that this format stores.
    static let numericKeys: Set<String> = ["sorted_values", "missing", "bins"]

    private enum Kind: UInt8 {
        case numeric = 0
        case categorical = 1
    }

    package static func encode(_ profile: ReferenceProfile) throws -> [UInt8] {
        let references =
            profile.featureOrder.compactMap { profile.features[$0] } + [profile.prediction].compactMap { $0 }
        let valueCount = references.reduce(0) { total, reference in
            if case .numeric(let numeric) = reference { return total + numeric.count }
            return total
        }
        var writer = ByteWriter(capacity: 64 + 8 * valueCount)
        for byte in magic { writer.write(byte: byte) }
        writer.write(byte: format)
        writer.write(count: profile.rowCount)
        let names = profile.featureOrder.filter { profile.features[$0] != nil }
        writer.write(count: names.count)
        for name in names {
            writer.write(string: name)
            try encode(profile.features[name]!, into: &writer)
        }
        if let prediction = profile.prediction {
            writer.write(byte: 1)
            try encode(prediction, into: &writer)
        } else {
            writer.write(byte: 0)
        }
        if let calibration = profile.calibration {
            writer.write(byte: 1)
            writer.write(lengthPrefixed: try JSONEncoder().encode(calibration))
        } else {
            writer.write(byte: 0)
        }
        return writer.bytes
    }

    package static func decode(_ buffer: UnsafeRawBufferPointer) throws -> ReferenceProfile {
        var reader = ByteReader(buffer)
        for byte in magic {
            guard try reader.readByte() == byte else {
                throw StoreError(.corruptData, "reference profile blob has the wrong magic")
            }
        }
        let storedFormat = try reader.readByte()
        guard storedFormat == format || storedFormat == formatWithoutCalibration else {
            throw StoreError(.corruptData, "unknown reference profile format")
        }
        let rowCount = try reader.readCount()
        let featureCount = try reader.readCount(limit: buffer.count)
        var features: [(name: String, reference: FeatureReference)] = []
        features.reserveCapacity(featureCount)
        for _ in 0..<featureCount {
            let name = try reader.readString()
            features.append((name, try decodeReference(from: &reader, rowCount: rowCount, bufferSize: buffer.count)))
        }
        let prediction: FeatureReference?
        switch try reader.readByte() {
        case 0: prediction = nil
        case 1: prediction = try decodeReference(from: &reader, rowCount: rowCount, bufferSize: buffer.count)
        default: throw StoreError(.corruptData, "bad prediction marker in reference profile")
        }
        var calibration: ScoreCalibration?
        if storedFormat == format {
            switch try reader.readByte() {
            case 0: calibration = nil
            case 1:
                do {
                    calibration = try JSONDecoder().decode(ScoreCalibration.self, from: Data(try reader.readBytes()))
                } catch let error as StoreError {
                    throw error
                } catch {
                    throw StoreError(.corruptData, "the score calibration does not decode: \(error)")
                }
            default: throw StoreError(.corruptData, "bad calibration marker in reference profile")
            }
        }
        guard reader.isAtEnd else { throw StoreError(.corruptData, "trailing bytes after the reference profile") }
        return ReferenceProfile(
            features: features, rowCount: rowCount, prediction: prediction, calibration: calibration)
    }

    private static func encode(_ reference: FeatureReference, into writer: inout ByteWriter) throws {
        switch reference {
        case .numeric(let numeric):
            writer.write(byte: Kind.numeric.rawValue)
            writer.write(count: numeric.bins)
            writer.write(count: numeric.missing)
            writer.write(count: numeric.count)
            writer.write(doubles: numeric.sortedValues)
        case .categorical(let categorical):
            writer.write(byte: Kind.categorical.rawValue)
            writer.write(lengthPrefixed: try JSONEncoder().encode(categorical))
        }
    }

    private static func decodeReference(
        from reader: inout ByteReader, rowCount: Int, bufferSize: Int
    ) throws -> FeatureReference {
        switch Kind(rawValue: try reader.readByte()) {
        case .numeric:
            let bins = try reader.readCount(limit: maximumBins)
            let missing = try reader.readCount(limit: rowCount)
            let sorted = try reader.readDoubles(count: try reader.readCount(limit: bufferSize / 8))
            return .numeric(try numericReference(sorted: sorted, missing: missing, bins: bins))
        case .categorical:
            let json = Data(try reader.readBytes())
            do {
                return .categorical(try JSONDecoder().decode(CategoricalReference.self, from: json))
            } catch {
                throw StoreError(.corruptData, "a categorical reference does not decode: \(error)")
            }
        case nil:
            throw StoreError(.corruptData, "unknown feature kind in reference profile")
        }
    }

    /// Rebuilds a numeric reference through its public initializer. The `missing` rows are passed back
    /// as NaN so that the initializer counts them again; sorting already sorted values is linear.
    private static func numericReference(sorted: [Double], missing: Int, bins: Int) throws -> NumericReference {
        guard bins >= 1 else { throw StoreError(.corruptData, "a numeric reference needs at least one bin") }
        guard sorted.allSatisfy(\.isFinite) else {
            throw StoreError(.corruptData, "numeric reference values must be finite")
        }
        var values = sorted
        values.append(contentsOf: repeatElement(Double.nan, count: missing))
        return NumericReference(values: values, bins: bins)
    }
}
