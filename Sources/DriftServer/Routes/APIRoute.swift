public import HTTPTypes

/// Every route the application serves. Registration goes through this list, and a test checks it
/// against the OpenAPI document, so the two cannot drift apart.
public enum APIRoute: CaseIterable, Sendable {
    case putReference, postEvents, postLabels, listModels, getModel, listWindows, listSlices, compareVersions, listAlerts, healthz,
        metrics, openAPI

    /// The HTTP method.
    public var method: HTTPRequest.Method {
        switch self {
        case .putReference: .put
        case .postEvents, .postLabels: .post
        case .listModels, .getModel, .listWindows, .listSlices, .compareVersions, .listAlerts, .healthz, .metrics, .openAPI: .get
        }
    }

    /// The path in Hummingbird's syntax (`:model` for a parameter).
    public var path: String {
        switch self {
        case .putReference: "/v1/models/:model/reference"
        case .postEvents: "/v1/models/:model/events"
        case .postLabels: "/v1/models/:model/labels"
        case .listModels: "/v1/models"
        case .getModel: "/v1/models/:model"
        case .listWindows: "/v1/models/:model/windows"
        case .listSlices: "/v1/models/:model/slices"
        case .compareVersions: "/v1/models/:model/compare"
        case .listAlerts: "/v1/alerts"
        case .healthz: "/healthz"
        case .metrics: "/metrics"
        case .openAPI: "/openapi.json"
        }
    }

    /// The path in OpenAPI's syntax (`{model}`).
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
    }
}

extension APIRoute {
    /// The methods declared for the path of a request (`/v1/models/loans/events` matches
    /// `/v1/models/:model/events`), or nil when no route has that path.
    public static func declaredMethods(forPath path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let methods = allCases.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
        }.map(\.method)
        return methods.isEmpty ? nil : methods
    }
}
