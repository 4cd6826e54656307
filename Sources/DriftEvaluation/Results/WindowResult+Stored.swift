public import DriftCore
import Foundation

extension WindowResult {
    /// Rebuilds a result from its stored form: the bookkeeping from the columns, the statistics from
    /// the JSON.
    /// - Throws: ``EvaluationError/Code/corruptResult`` when the JSON does not decode.
    public init(stored: StoredWindowResult) throws(EvaluationError) {
        let statistics: WindowStatistics
        do {
            statistics = try ResultJSON.decoder.decode(WindowStatistics.self, from: Data(stored.json.utf8))
        } catch {
            throw EvaluationError(
                .corruptResult, "the stored result of the window starting at \(stored.start) does not decode: \(error)")
        }
        self.init(
            start: stored.start, end: stored.end, partial: stored.partial, referenceVersion: stored.referenceVersion,
            evaluatedAt: stored.evaluatedAt, evaluations: stored.evaluations, statistics: statistics)
    }
}

extension StoredWindowResult {
    /// The stored form of a result: its bookkeeping in columns and its statistics as JSON (with sorted
    /// keys, so equal statistics store equal text).
    /// - Throws: ``EvaluationError/Code/corruptResult`` if the statistics cannot be encoded.
    public init(_ result: WindowResult) throws(EvaluationError) {
        let json: Data
        do {
            json = try ResultJSON.encoder.encode(result.statistics)
        } catch {
            throw EvaluationError(.corruptResult, "the result of window \(result.start) does not encode: \(error)")
        }
        self.init(
            start: result.start, end: result.end, referenceVersion: result.referenceVersion, partial: result.partial,
            evaluatedAt: result.evaluatedAt, evaluations: result.evaluations, json: String(decoding: json, as: UTF8.self))
    }
}
