import DriftCore
import DriftIngest
import Foundation
import Testing

/// Seeded random damage to valid batches: the parsers never crash, refuse with a well-formed
/// error, and accept only what Foundation accepts too — with the same values.
///
/// Where the parser is stricter than `JSONSerialization` (trailing commas, duplicate member names,
/// unknown members, wrong types, …) it refuses what Foundation accepts; that direction is allowed
/// and counted. The other direction — accepting what Foundation refuses — fails the test.
@Suite struct FuzzTests {
    /// Tallies of one run, printed for the record.
    struct Tally {
        var acceptedByBoth = 0
        var refusedByBoth = 0
        var refusedOnlyByParser = 0
    }

    static let alphabet: [UInt8] =
        Array("\"[]{},:\\/-+.eE0123456789 \ntfnu".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF4, 0xFF]

    static func mutate(_ body: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = body
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            guard !bytes.isEmpty else { break }
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0...7, using: &random) {
            case 0: bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes[position] = alphabet.randomElement(using: &random)!
            case 3: bytes.insert(alphabet.randomElement(using: &random)!, at: position)
            case 4: bytes.remove(at: position)
            case 5: bytes.removeSubrange(position...)
            case 6:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            default:
                bytes.insert(contentsOf: [0xF0, 0x9F, 0x98][...Int.random(in: 0...2, using: &random)], at: position)
            }
        }
        return bytes
    }

    /// Checks one body in one format; updates the tally.
    static func check(_ body: [UInt8], format: BodyFormat, _ tally: inout Tally, context: @autoclosure () -> String) {
        let foundation = FoundationOracle.records(body, format: format)
        do {
            let events = try EventBatchParser().parse(body, format: format)
            guard let foundation else {
                Issue.record(
                    "accepted what Foundation refuses (\(context())): \(String(decoding: body, as: UTF8.self).debugDescription)"
                )
                return
            }
            let differences = FoundationOracle.differences(events, foundation)
            #expect(differences.isEmpty, "\(context()): \(differences.prefix(3))")
            tally.acceptedByBoth += 1
        } catch {
            #expect([400, 413, 422].contains(error.status))
            #expect(!error.message.isEmpty)
            #expect(error.problems.count <= IngestError.maxReportedProblems)
            #expect(error.problems.allSatisfy { $0.index >= 0 && !$0.reason.isEmpty })
            #expect(error.problems.isEmpty == (error.omittedProblemCount == 0) || !error.problems.isEmpty)
            if foundation == nil { tally.refusedByBoth += 1 } else { tally.refusedOnlyByParser += 1 }
        }
        // The label parser reads the same damaged bytes without crashing, too.
        _ = try? LabelBatchParser().parse(body, format: format)
    }

    /// Mutations per block: 1,500 by default, more with `DRIFTWATCH_FUZZ_ROUNDS` for a longer run.
    static let rounds = Int(ProcessInfo.processInfo.environment["DRIFTWATCH_FUZZ_ROUNDS"] ?? "") ?? 1_500

    @Test(arguments: 0..<4)
    func mutatedBatches(block: Int) {
        var random = SeededGenerator(seed: 0xF022 + UInt64(block))
        var tally = Tally()
        for round in 0..<Self.rounds {
            let seed = UInt64(block * Self.rounds + round)
            let batch = RandomBatch.make(seed: seed, maxEvents: 4)
            let body = Self.mutate(batch.body, &random)
            Self.check(body, format: batch.format, &tally, context: "seed \(seed)")
            Self.check(
                body, format: batch.format == .json ? .ndjson : .json, &tally, context: "seed \(seed), other format")
        }
        print("fuzz block \(block): \(tally)")
        #expect(tally.acceptedByBoth > 100, "the mutations should leave some batches valid")
    }

    /// Bytes from the JSON alphabet in random order, and plain random bytes.
    @Test func randomSoup() {
        var random = SeededGenerator(seed: 99)
        var tally = Tally()
        for round in 0..<3_000 {
            let count = Int.random(in: 0...64, using: &random)
            let body: [UInt8] = (0..<count).map { _ in
                round % 2 == 0
                    ? Self.alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            Self.check(body, format: round % 3 == 0 ? .ndjson : .json, &tally, context: "soup \(round)")
        }
    }

    /// Every prefix of a valid batch: truncation at each byte.
    @Test func everyTruncation() {
        let batch = RandomBatch.make(seed: 4242, maxEvents: 3)
        var tally = Tally()
        for end in 0..<batch.body.count {
            Self.check(Array(batch.body[..<end]), format: batch.format, &tally, context: "prefix \(end)")
        }
    }
}
