/// What a rule's threshold is measured from (`baseline:` in a rule file, an addition to API.md).
///
/// Without a baseline the threshold is absolute (`accuracy < 0.8`). With `baseline: reference` the
/// compared value is the window's metric minus the same metric on the model's reference data, so
/// `accuracy`, `op: "<"`, `threshold: -0.05` means "accuracy fell more than 5 points below what the
/// model scored on its reference". Performance metrics only: drift statistics already compare with
/// the reference.
public enum AlertBaseline: String, CaseIterable, Hashable, Sendable {
    /// The metric on the reference data (`reference_performance` of the window).
    case reference
}
