public import Hummingbird

/// The request context: Hummingbird's core storage, with the body limit raised to what the
/// configuration allows (handlers enforce the per-route limit themselves).
public struct DriftRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { 1 << 30 }
}
