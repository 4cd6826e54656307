import DriftCore
import DriftIngest
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parser reads random valid batches exactly as Foundation does (see ``FoundationOracle``).
@Suite struct FoundationAgreementTests {
    /// 400 seeded batches: every framing, whitespace, escapes, unicode, numbers of every shape,
    /// timestamps in both forms with offsets and fractions, shared and varying feature shapes.
    @Test(arguments: 0..<8)
    func randomBatchesMatchFoundation(block: Int) throws {
        let parser = EventBatchParser()
        for seed in UInt64(block * 50)..<UInt64(block * 50 + 50) {
            let batch = RandomBatch.make(seed: seed)
            let events: [Event]
            do {
                events = try parser.parse(batch.body, format: batch.format)
            } catch {
                Issue.record(
                    "seed \(seed): refused a valid batch: \(error)\n\(String(decoding: batch.body, as: UTF8.self))")
                continue
            }
            guard let records = FoundationOracle.records(batch.body, format: batch.format) else {
                Issue.record("seed \(seed): Foundation refused the generated batch")
                continue
            }
            let differences = FoundationOracle.differences(events, records, truths: batch.truths)
            #expect(differences.isEmpty, "seed \(seed): \(differences.prefix(5))")
        }
    }

    /// The format a client would be assigned gives the same events.
    @Test func sniffedFormatAgrees() throws {
        for seed in UInt64(1000)..<1100 {
            let batch = RandomBatch.make(seed: seed, maxEvents: 5)
            let format = try #require(BodyFormat(contentType: "application/json", body: batch.body))
            // A single-line NDJSON body may look like anything; the framings that sniffing can tell apart must agree.
            if format == batch.format {
                #expect(try EventBatchParser().parse(batch.body, format: format).count == batch.truths.count)
            }
        }
    }

    /// Numbers alone, many more of them: every value bit-identical to `strtod`, to `JSONDecoder`
    /// and to `JSONSerialization` (where it keeps a double).
    @Test func numbersAreCorrectlyRounded() throws {
        var text = JSONText(seed: 7)
        var spellings: [String] = []
        for _ in 0..<20_000 { spellings.append(text.number()) }
        spellings += [
            "0", "-0", "1e-400", "-1e-400", "4503599627370496.5", "2.2250738585072011e-308", "2.2250738585072014e-308",
            "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1.7976931348623157e308",
            "1.7976931348623158e308", "9007199254740993", "0.1", "123456789012345678901234567890e-10",
            "7.2057594037927933e16", "1e23", "8.98846567431158e307",
        ]
        let features = spellings.enumerated().map { "\"n\($0.offset)\":\($0.element)" }.joined(separator: ",")
        let body = Array("[{\"id\":\"x\",\"timestamp\":0,\"features\":{\(features)},\"prediction\":0}]".utf8)
        var limits = Limits()
        limits.maxFeatures = spellings.count
        let event = try #require(try EventBatchParser(limits: limits).parse(body, format: .json).first)

        var mismatches: [String] = []
        var refusedByDecoder = 0
        for (index, spelling) in spellings.enumerated() {
            guard case .number(let mine) = event.features[index].value else {
                mismatches.append("\(spelling): not a number")
                continue
            }
            let viaStrtod = spelling.withCString { strtod($0, nil) }
            if mine.bitPattern != viaStrtod.bitPattern {
                mismatches.append("\(spelling): \(mine) vs strtod \(viaStrtod)")
            }
            // JSONDecoder refuses numbers that underflow to zero; everything else it must read alike.
            if let decoded = try? JSONDecoder().decode([Double].self, from: Data("[\(spelling)]".utf8)).first {
                if mine.bitPattern != decoded.bitPattern {
                    mismatches.append("\(spelling): \(mine) vs JSONDecoder \(decoded)")
                }
            } else {
                refusedByDecoder += 1
                if mine != 0 {
                    mismatches.append("\(spelling): JSONDecoder refuses it, but it is \(mine), not an underflow")
                }
            }
        }
        #expect(refusedByDecoder < spellings.count / 10)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(10))")
    }

    @Test func negativeZeroStaysNegative() throws {
        let body = Array(
            #"[{"id":"z","timestamp":0,"features":{"a":-0,"b":-0.0,"c":-0e3,"d":0},"prediction":-0}]"#.utf8)
        let event = try #require(try EventBatchParser().parse(body, format: .json).first)
        let signs = event.features.map { feature -> Bool? in
            if case .number(let value) = feature.value, value == 0 { return value.sign == .minus }
            return nil
        }
        #expect(signs == [true, true, true, false])
        #expect(
            event.prediction.flatMap { if case .number(let value) = $0 { value.sign == .minus } else { nil } } == true)
    }
}
