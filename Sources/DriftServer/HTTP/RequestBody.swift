import Foundation
import CompressNIO
import Hummingbird
import NIOCore

extension Request {
    /// The whole body as bytes, decoded when it is sent with `Content-Encoding: gzip` (RFC 9110 §8.4), refusing
    /// more than `limit` bytes with a JSON 413 — counted after decoding, so a small compressed body cannot
    /// expand past the limit (a "zip bomb"). Other encodings are answered with 415.
    func collectBody(limit: Int) async throws -> [UInt8] {
        let coding = try ContentCoding(header: headers[.contentEncoding])
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.bodyTooLarge("the body is \(length) bytes; the limit is \(limit)")
        }
        var buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge("the body is larger than the limit of \(limit) bytes")
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge("the body is larger than the limit of \(limit) bytes")
        }
        switch coding {
        case .identity:
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        case .gzip:
            return try Self.gunzip(&buffer, limit: limit)
        }
    }

    /// Decompresses a gzip body of at most `limit` decoded bytes.
    private static func gunzip(_ buffer: inout ByteBuffer, limit: Int) throws(APIError) -> [UInt8] {
        var decoded: ByteBuffer
        do {
            // One byte of slack tells "exactly the limit" from "over it".
            decoded = try buffer.decompress(with: .gzip, maxSize: limit + 1)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw APIError.bodyTooLarge("the gzip body decompresses to more than the limit of \(limit) bytes")
        } catch {
            throw APIError.badRequest(
                "invalid_gzip", "the body is labelled Content-Encoding: gzip but is not valid gzip data")
        }
        guard decoded.readableBytes <= limit else {
            throw APIError.bodyTooLarge("the gzip body decompresses to more than the limit of \(limit) bytes")
        }
        return decoded.readBytes(length: decoded.readableBytes) ?? []
    }

    /// The media type of the Content-Type header, lowercased, without parameters.
    var mediaType: String? {
        headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}

/// The request body encodings the API reads.
enum ContentCoding {
    case identity
    case gzip

    /// The coding named by a `Content-Encoding` header; 415 for any other (`br`, `deflate`, stacked codings).
    init(header: String?) throws(APIError) {
        let value = (header ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch value {
        case "", "identity": self = .identity
        case "gzip", "x-gzip": self = .gzip
        default:
            throw APIError(
                .unsupportedMediaType, code: "unsupported_content_encoding",
                "Content-Encoding '\(header ?? "")' is not supported: send the body as is or with gzip")
        }
    }
}
