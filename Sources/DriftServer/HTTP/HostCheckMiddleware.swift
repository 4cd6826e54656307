import HTTPTypes
import Hummingbird

/// Without tokens, answers only requests addressed to this server by a loopback name, the host of
/// `server.external_url` or one of `server.allowed_hosts`; others get 421 (RFC 9110 §15.5.20).
///
/// A server that needs no token trusts whoever can reach it. A web page the user opens can reach
/// 127.0.0.1 too, through a name of its own that it re-points at 127.0.0.1 after loading (DNS rebinding);
/// the browser then sends that foreign name in `Host`, which this check refuses. `/healthz` is exempt:
/// it reveals nothing, and orchestrators probe it by address.
struct HostCheckMiddleware: RouterMiddleware {
    typealias Context = DriftRequestContext
    /// Lower-cased host names accepted besides the loopback ones.
    let allowedHosts: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path != APIRoute.healthz.path else { return try await next(request, context) }
        let authority = request.head.authority ?? ""
        let host = LoopbackAddress.hostName(ofHostHeader: authority)
        guard LoopbackAddress.isLoopback(host) || allowedHosts.contains(host) else {
            throw APIError(
                .misdirectedRequest, code: "host_not_allowed",
                "this server has no tokens configured, so it only answers requests addressed to a loopback "
                    + "name or the host of server.external_url (or server.allowed_hosts); got Host '\(authority.prefix(100))'")
        }
        return try await next(request, context)
    }
}
