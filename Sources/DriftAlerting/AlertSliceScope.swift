public import DriftEvaluation

/// Which slices of a model a rule watches (API.md, "Slices": rule key `slices`). Default `whole`.
///
/// Each slice a rule watches is an alert of its own, with its own state machine and the label
/// `slice: "KEY:VALUE"`. A closed set, so that `check-config` catches a typo such as `segment` before
/// the rule silently watches nothing.
public enum AlertSliceScope: String, CaseIterable, Hashable, Sendable {
    /// The whole model: every event not marked `shadow` (the windows without a `slice`).
    case whole
    /// Each `model_version:V` slice.
    case versions
    /// Each segment slice `KEY:VALUE` of the model's configured `segments` (`__other__` and `__missing__`
    /// included).
    case segments
    /// The whole model, every version and every segment.
    case all

    /// Whether the scope covers the whole model's windows.
    public var includesWhole: Bool { self == .whole || self == .all }
    /// Whether the scope covers the `model_version:V` slices.
    public var includesVersions: Bool { self == .versions || self == .all }
    /// Whether the scope covers the segment slices.
    public var includesSegments: Bool { self == .segments || self == .all }

    /// Whether the scope covers `slice` (nil: the whole model).
    public func covers(_ slice: SliceKey?) -> Bool {
        guard let slice, slice != .whole else { return includesWhole }
        return slice.key == SliceKey.versionKey ? includesVersions : includesSegments
    }
}
