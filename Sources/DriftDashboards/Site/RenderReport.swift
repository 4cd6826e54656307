public import DriftCore

/// The kind of a dashboard page.
public enum PageKind: String, Sendable, Equatable, CaseIterable {
    /// `index.html`: every model.
    case index
    /// `status-<status>.html` (and `-2`, `-3`, …): the models of one status.
    case statusList
    /// `models/<model>/index.html`.
    case model
    /// `models/<model>/features/<feature>.html`.
    case feature
    /// `models/<model>/slice-<slice>.html`: one version or segment of a model.
    case slice
}

/// One page written by a render.
public struct RenderedPage: Sendable, Equatable {
    /// The path under the output directory, with `/` separators.
    public var path: String
    public var kind: PageKind
    /// The page's size in bytes (UTF-8).
    public var bytes: Int
    /// Time to build the page's HTML from its data (charts and template), in milliseconds.
    public var renderMilliseconds: Double
}

/// What a render did and how long it took.
public struct RenderReport: Sendable, Equatable {
    /// Every page written, in the order written (each model's pages, then the index).
    public var pages: [RenderedPage]
    /// The status of each model, by name (every model, rendered this time or not).
    public var statuses: [String: ModelStatus]
    /// Models whose pages were left as they were (nothing they show changed since the last render).
    public var unchangedModels: Int = 0
    /// Time spent reading the store and the alert source, in milliseconds.
    public var loadMilliseconds: Double
    /// Time spent writing files, in milliseconds.
    public var writeMilliseconds: Double
    /// Wall time of the whole render, in milliseconds.
    public var totalMilliseconds: Double

    /// Bytes written in all.
    public var totalBytes: Int { pages.reduce(0) { $0 + $1.bytes } }
}
