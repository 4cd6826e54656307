/// What a `retrain` receiver is asked to do, added to the webhook payload under `retrain`:
/// ```json
/// {"model": "loan-default", "reference_version": 1,
///  "window": {"start": "2026-01-05T01:00:00Z", "end": "2026-01-05T02:00:00Z"},
///  "drifted_features": [{"name": "income", "psi": 0.41, "method": "psi", "score": 0.41}],
///  "suggested_training_data": {"from": "2026-01-04T19:00:00Z", "to": "2026-01-05T02:00:00Z"},
///  "rule": "sustained-drift-retrain", "cooldown_seconds": 86400}
/// ```
/// The suggested range covers the windows of the sustained breach that fired the rule: data from
/// after the shift, which the new model should learn from (join it with labels before training).
struct RetrainRequest: Encodable {
    struct Range: Encodable {
        var start: String?
        var end: String?
        var from: String?
        var to: String?
    }

    var model: String
    var referenceVersion: Int
    var window: Range
    var driftedFeatures: [DriftedFeature]
    var suggestedTrainingData: Range
    var rule: String
    var cooldownSeconds: Int64
    /// The slice whose alert fired, `KEY:VALUE`; absent for the whole model (API.md, "Slices").
    var slice: String?

    enum CodingKeys: String, CodingKey {
        case model
        case referenceVersion = "reference_version"
        case window
        case driftedFeatures = "drifted_features"
        case suggestedTrainingData = "suggested_training_data"
        case rule
        case cooldownSeconds = "cooldown_seconds"
        case slice
    }
}
