import Hummingbird

/// Adds headers that keep pages self-contained: a Content-Security-Policy that allows no
/// request to another origin (the browser enforces "no external requests"), no sniffing, no
/// framing, no referrer.
///
/// ```swift
/// router.add(middleware: SecurityHeadersMiddleware())
/// ```
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
        + "connect-src 'self'; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
