import Attention
import Hummingbird

/// On a loopback-bound server, refuses requests not addressed to a loopback name, so a web page
/// elsewhere cannot reach the server through DNS rebinding.
///
/// A request must carry exactly one `Host` header whose value passes ``LoopbackAuthority``
/// (`localhost`, `127.a.b.c` or `[::1]`, optionally with `:port`). A missing `Host` is 400 (as
/// RFC 9112 requires of HTTP/1.1); two or more, or any other value, is 421 Misdirected Request.
/// An absolute-form request target (`GET http://host/ HTTP/1.1`) reaches this check with its
/// authority as the `Host` (see ``AbsoluteFormHandler``).
///
/// ```swift
/// router.add(middleware: HostCheckMiddleware())
/// ```
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = Self.refusal(of: request) { throw refusal }
        return try await next(request, context)
    }

    /// The error for `request`, or `nil` when its `Host` is acceptable.
    static func refusal(of request: Request) -> APIError? {
        guard let authority = request.head.authority else {
            return APIError(.badRequest, "missing Host header")
        }
        // The HTTP/1 conversion turns the first Host into the authority and keeps any others
        // as ordinary fields.
        if request.headers.contains(where: { $0.name.canonicalName == "host" }) {
            return APIError(.misdirectedRequest, "more than one Host header; send exactly one")
        }
        guard LoopbackAuthority.isValid(authority) else {
            return APIError(.misdirectedRequest, "unexpected Host \"\(DisplaySafe.line(authority, limit: 100))\"; "
                + "this server answers only to localhost, 127.x.y.z or [::1], optionally with :port")
        }
        return nil
    }
}
