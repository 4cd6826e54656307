import DriftCore
import DriftStats
import Foundation
import Testing

@testable import DriftStore

@Suite("Binary encodings")
struct EncodingTests {
    @Test("varints, doubles and strings round-trip")
    func roundTrip() throws {
        var writer = ByteWriter()
        let integers: [UInt64] = [0, 1, 127, 128, 300, 1 << 35, .max]
        for value in integers { writer.write(varint: value) }
        let doubles = [0.0, -0.0, 1.5, .pi, -Double.leastNonzeroMagnitude, .infinity, .greatestFiniteMagnitude]
        for value in doubles { writer.write(double: value) }
        writer.write(string: "héllo")
        writer.write(string: "")
        writer.write(doubles: [1, 2, 3])
        try writer.bytes.withUnsafeBytes { buffer throws in
            var reader = ByteReader(buffer)
            for value in integers { #expect(try reader.readVarint() == value) }
            for value in doubles { #expect(try reader.readDouble().bitPattern == value.bitPattern) }
            #expect(try reader.readString() == "héllo")
            #expect(try reader.readString() == "")
            #expect(try reader.readDoubles(count: 3) == [1, 2, 3])
            #expect(reader.isAtEnd)
        }
    }

    @Test("a truncated buffer throws corruptData instead of reading past its end")
    func truncated() throws {
        var writer = ByteWriter()
        writer.write(string: "abcdef")
        writer.write(double: 2)
        let bytes = Array(writer.bytes.dropLast(3))
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            #expect(throws: StoreError(.corruptData, "blob ends in the middle of a value")) {
                _ = try reader.readString()
                _ = try reader.readDouble()
            }
        }
        [UInt8]([0x80, 0x80]).withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            #expect(throws: StoreError.self) { try reader.readVarint() }
        }
    }

    @Test("a feature row decodes to the values it was written from")
    func featureRow() throws {
        let features: [Event.Feature] = [
            .init(name: "a", value: .number(-3.25)), .init(name: "b", value: .string("x y")),
            .init(name: "c", value: .bool(true)), .init(name: "d", value: .bool(false)), .init(name: "e", value: .null),
            .init(name: "skipped", value: .number(1)),
        ]
        let slots = ["a": 0, "b": 1, "c": 2, "d": 200, "e": 4]
        var writer = ByteWriter()
        FeatureRowCodec.encode(features, into: &writer) { slots[$0] }
        let names = Dictionary(uniqueKeysWithValues: slots.map { ($0.value, $0.key) })
        let decoded = try writer.bytes.withUnsafeBytes { try FeatureRowCodec.decode($0, names: names) }
        #expect(decoded == Array(features.dropLast()))
    }

    @Test("a damaged profile blob throws corruptData")
    func damagedProfile() throws {
        let blob = try ProfileCodec.encode(Fixture.profile())
        for damaged in [Array(blob.dropLast(5)), [0x44, 0x57, 0x52, 0x51, 1], Array(blob.prefix(4)) + [9]] {
            damaged.withUnsafeBytes { buffer in
                do {
                    _ = try ProfileCodec.decode(buffer)
                    Issue.record("a damaged blob decoded")
                } catch let error as StoreError {
                    #expect(error.code == .corruptData)
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
    }

    @Test("the profile codec stores every Codable property of ReferenceProfile and NumericReference")
    func profileCodecIsComplete() throws {
        let profile = ReferenceProfile(
            features: [("x", .numeric(NumericReference(values: [1, 2, .nan])))], rowCount: 3,
            prediction: .categorical(CategoricalReference(column: CategoricalColumn(values: ["0", "1", "1"]))),
            calibration: .isotonic(IsotonicCalibration(thresholds: [0.1, 0.9], values: [0.2, 0.7])))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(profile)) as? [String: Any]
        #expect(Set(try #require(json).keys) == ProfileCodec.profileKeys)
        let numeric =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(NumericReference(values: [1])))
            as? [String: Any]
        #expect(Set(try #require(numeric).keys) == ProfileCodec.numericKeys)
        let decoded = try ProfileCodec.encode(profile).withUnsafeBytes { try ProfileCodec.decode($0) }
        #expect(decoded == profile)
        #expect(decoded.prediction == profile.prediction)
        #expect(decoded.calibration == profile.calibration)
    }

    @Test("a profile stored in format 1, before calibrations existed, decodes without one")
    func formatOneProfile() throws {
        var profile = Fixture.profile()
        profile.calibration = .identity(.oneClass)
        let withCalibration = try ProfileCodec.encode(profile)
        #expect(withCalibration[4] == 2)
        #expect(try withCalibration.withUnsafeBytes { try ProfileCodec.decode($0) } == profile)
        // Format 1 is format 2 without the calibration marker and body: rebuild it from a profile without one.
        profile.calibration = nil
        var blob = try ProfileCodec.encode(profile)
        #expect(blob.last == 0)
        blob.removeLast()
        blob[4] = 1
        let decoded = try blob.withUnsafeBytes { try ProfileCodec.decode($0) }
        #expect(decoded == profile)
        #expect(decoded.calibration == nil)
    }

    @Test("the category interner keeps codes stable as its table grows")
    func interner() {
        var interner = CategoryInterner()
        let names = (0..<1_000).map { "category-\($0 * 7919 % 1_000)" }
        let codes = names.map { interner.code(for: $0) }
        #expect(codes == Array(0..<1_000).map(Int32.init))
        #expect(names.map { interner.code(for: $0) } == codes)
        #expect(interner.categories == names)
        #expect(interner.code(for: "") == 1_000)
        #expect(interner.code(for: "") == 1_000)
        #expect(interner.code(for: "category-0") == codes[0])
    }
}
