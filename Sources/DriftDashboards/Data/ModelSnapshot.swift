import DriftCore
import DriftEvaluation
import DriftStats

/// Everything the pages of one model show, read at one time: the pages are a pure function of it (and
/// of the templates and the render time), which is what the golden tests check.
struct ModelSnapshot: Sendable {
    /// One feature as the pages list it.
    struct Feature: Sendable, Equatable {
        var name: String
        var type: FeatureType
    }

    var name: ModelName
    var task: ModelTask
    /// The latest reference: version, upload time, rows, baseline performance.
    var referenceVersion: Int
    var referenceCreatedAt: Int64
    var referenceRows: Int
    var referencePerformance: PerformanceMetrics?
    /// Features in the latest reference's order.
    var features: [Feature]
    /// The evaluated windows in view (the latest ``DashboardOptions/maxWindows`` slots), oldest first.
    var windows: [WindowResult]
    /// Evaluated windows stored for the model, in view or not.
    var storedWindowCount: Int
    /// The slots of the windows in view; nil when there is none.
    var axis: TimeAxis?
    /// Per feature, the histograms of the two latest windows with values.
    var histograms: [String: FeatureHistograms]
    /// Why a feature has no histograms (raw events deleted by retention, …), when it has none.
    var histogramGap: String
    /// Alert state changes in view (and those that put alerts into their state before it).
    var alerts: [AlertTimelineEntry]
    /// Events stored for the model.
    var eventCount: Int
    /// The model's version and segment slices in view.
    var slices = SliceSnapshot()
}
