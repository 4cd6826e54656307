import Foundation
import DriftCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Makes every failure of a request a JSON error with a code (API.md, "errors"): a store failure, a
/// framework error (unknown route, body too large) or anything unforeseen — never an empty 500.
///
/// - ``StoreError`` with a database code (disk full, I/O error, busy) → 503 `store_unavailable`; the
///   client may retry, nothing of the request was stored (each write is one transaction).
/// - Other store codes map to what they mean: unknown model 404, a refused value 422, too many
///   pending labels 429.
/// - Hummingbird's own ``HTTPError`` keeps its status and gets a code derived from it.
/// - Anything else → 500 `internal_error`, logged with the error, since it is a bug to fix.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = DriftRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            let mapped = Self.apiError(error)
            if mapped.status.code >= 500 {
                context.logger.error("store failure", metadata: ["error": "\(error)"])
            }
            throw mapped
        } catch let error as HTTPError {
            if error.status == .notFound, let allowed = APIRoute.declaredMethods(forPath: request.uri.path) {
                throw Self.methodNotAllowed(request.method, path: request.uri.path, allowed: allowed)
            }
            throw APIError(error.status, code: Self.code(for: error.status), error.body ?? error.status.reasonPhrase)
        } catch let error as NIOTooManyBytesError {
            throw APIError.bodyTooLarge("the body is larger than the limit (\(error))")
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: Self.code(for: error.status), error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(
                .internalServerError, code: "internal_error",
                "the request failed on the server; nothing of it was stored. The error is in the server's log.")
        }
    }

    /// 405 with `Allow` (RFC 9110 §15.5.6): the path exists, only the method is not one it declares.
    static func methodNotAllowed(
        _ method: HTTPRequest.Method, path: String, allowed: [HTTPRequest.Method]
    ) -> APIError {
        let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        var error = APIError(
            .methodNotAllowed, code: "method_not_allowed", "\(method.rawValue) is not allowed on \(path.prefix(200)); use \(allow)")
        error.headers[.allow] = allow
        return error
    }

    /// The answer to a store failure.
    static func apiError(_ error: StoreError) -> APIError {
        switch error.code {
        case .unknownModel, .unknownReferenceVersion: APIError(.notFound, code: error.code.rawValue, error.message)
        case .invalidValue: APIError(.unprocessableContent, code: "invalid_value", error.message)
        case .tooManyPendingLabels: APIError(.tooManyRequests, code: error.code.rawValue, error.message)
        case .database, .cannotOpen:
            APIError(
                .serviceUnavailable, code: "store_unavailable",
                "the store could not complete the request (\(error.message)); nothing of it was stored, retry later")
        default:
            APIError(.internalServerError, code: error.code.rawValue, error.message)
        }
    }

    /// `not_found`, `method_not_allowed`, … for a status without a code of ours.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "body_too_large"
        case 400: "bad_request"
        default: status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
        }
    }
}
