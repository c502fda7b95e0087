import Attention
import Foundation
import Hummingbird

/// An error answered as JSON `{"error": {"status": 413, "message": "..."}}` with its status code.
///
/// ```swift
/// throw APIError(.contentTooLarge, "request body exceeds 65536 bytes")
/// ```
public struct APIError: Error, HTTPResponseError, CustomStringConvertible, Sendable {
    /// The response status.
    public var status: HTTPResponse.Status
    /// One line for the client; ``init(_:_:headers:)`` makes it display-safe (control and bidi
    /// characters escaped, at most 1,000 characters), whatever request text it quotes.
    public var message: String
    /// Extra headers (`Retry-After` for 429 and 503).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = DisplaySafe.line(message, limit: 1000)
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    /// The JSON body.
    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable {
            var status: Int
            var message: String
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The JSON response for this error.
    public func response() -> Response {
        let body = Body(error: .init(status: status.code, message: message))
        var response = JSONResponse.make(body, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension APIError {
    /// 429 with `Retry-After: 1`.
    static func busy(_ message: String) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = "1"
        return APIError(.tooManyRequests, message, headers: headers)
    }
}
