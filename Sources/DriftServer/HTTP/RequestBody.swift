import Hummingbird
import NIOCore

extension Request {
    /// The whole body as bytes, refusing more than `limit` with 413.
    func collectBody(limit: Int) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError(.contentTooLarge, code: "body_too_large", "the body is \(length) bytes; the limit is \(limit)")
        }
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, code: "body_too_large", "the body is larger than the limit of \(limit) bytes")
        }
    }

    /// The media type of the Content-Type header, lowercased, without parameters.
    var mediaType: String? {
        headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}
