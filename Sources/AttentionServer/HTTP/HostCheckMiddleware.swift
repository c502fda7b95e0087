import Hummingbird

/// On a loopback-bound server, refuses requests whose `Host` is not a loopback name (421), so a
/// web page elsewhere cannot reach the server through DNS rebinding.
///
/// ```swift
/// router.add(middleware: HostCheckMiddleware(allowedHosts: ["localhost", "127.0.0.1", "::1"]))
/// ```
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedHosts: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let authority = request.head.authority {
            let host = Self.hostName(of: authority)
            guard allowedHosts.contains(host) else {
                throw APIError(.misdirectedRequest, "unexpected Host \"\(host.prefix(100))\"; this server answers only to loopback names")
            }
        }
        return try await next(request, context)
    }

    /// `host` of `host:port`, `[v6]:port`, or a bare host, lowercased.
    static func hostName(of authority: String) -> String {
        let lower = authority.lowercased()
        if lower.hasPrefix("[") {
            guard let close = lower.firstIndex(of: "]") else { return lower }
            return String(lower[lower.index(after: lower.startIndex)..<close])
        }
        if let colon = lower.lastIndex(of: ":") { return String(lower[..<colon]) }
        return lower
    }
}
