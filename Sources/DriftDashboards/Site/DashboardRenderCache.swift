import DriftCore
import Foundation

/// What a ``DashboardRenderer`` remembers between renders into one directory, so that the next render
/// rewrites only the pages of models that changed: per model, the ``ModelChangeStamp`` its pages were
/// rendered from and its index row; and the list pages written last time (to delete those no longer
/// needed when a status list gets shorter).
///
/// Kept in memory: the first render after a start writes everything. Share one cache per output directory
/// (the server keeps one for its whole run); a render into another directory starts over.
public final class DashboardRenderCache: Sendable {
    struct CachedModel: Sendable {
        var stamp: ModelChangeStamp
        var entry: IndexPage.Entry
    }

    struct State: Sendable {
        var directory: URL?
        var models: [String: CachedModel] = [:]
        var listPages: Set<String> = []
    }

    let state = Locked(State())

    public init() {}

    /// Forgets everything: the next render writes every page.
    public func invalidate() {
        state.withLock { $0 = State() }
    }
}
