public import Hummingbird
import Foundation
public import DriftCore
import DriftIngest

/// An error answered as JSON: `{"error": {"code", "message", "details"}}` (API.md, "errors").
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `invalid_event`.
    public var code: String
    /// What went wrong and what to do about it.
    public var message: String
    /// Per-line problems of a rejected batch.
    public var details: [LineProblem]
    /// Extra response headers (`Allow` on a 405).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, details: [LineProblem] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    private struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var details: [LineProblem]?
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, details: details.isEmpty ? nil : details))
        var response = try JSONResponse.encode(body, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// The answer to a batch the parser or validator refused.
    init(_ error: IngestError) {
        self.init(
            HTTPResponse.Status(code: error.status), code: error.code.rawValue, error.message, details: error.problems)
    }

    // Common errors.
    static func badRequest(_ code: String, _ message: String, details: [LineProblem] = []) -> APIError {
        APIError(.badRequest, code: code, message, details: details)
    }

    static func unprocessable(_ code: String, _ message: String, details: [LineProblem] = []) -> APIError {
        APIError(.unprocessableContent, code: code, message, details: details)
    }

    static func notFound(_ code: String, _ message: String) -> APIError {
        APIError(.notFound, code: code, message)
    }

    static func bodyTooLarge(_ message: String) -> APIError {
        APIError(.contentTooLarge, code: "body_too_large", message)
    }
}

/// JSON responses with snake_case keys.
enum JSONResponse {
    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
