import Foundation
import Hummingbird

/// Builds `application/json` responses with stable key order.
///
/// ```swift
/// let response = JSONResponse.make(["status": "ok"])
/// ```
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":{"status":500,"message":"could not encode the response"}}"#.utf8)
        return make(bytes: data, status: status)
    }

    static func make(bytes: some Collection<UInt8>, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
