/// The slices' states of one window kept between passes, beside the whole model's ``WindowState``, so that
/// the next pass folds only the rows stored since (``SlicePass/runIncremental(store:model:start:end:partial:evaluatedAt:skip:)``)
/// instead of routing every row of the window again.
///
/// Kept only after a pass that evaluated every family in one read, and only while the states hold at most
/// ``budget`` bytes; a window whose slices outgrow it is evaluated by a full routed pass each time, which
/// holds at most ``SlicePass/stateBudget`` while it runs.
struct KeptSlices: Sendable {
    /// Each model version's slice, by version.
    var versions: [String: SliceFold]
    /// Each segment key's slices, in the configuration's order, their kept values decided.
    var segments: [SegmentFolds]

    /// The most bytes of slice states kept for one window between passes.
    static let budget = 128 << 20

    /// The bytes the states hold (``SliceFold/bytes``).
    var bytes: Int {
        versions.values.reduce(0) { $0 + $1.bytes } + segments.reduce(0) { $0 + $1.liveBytes }
    }
}
