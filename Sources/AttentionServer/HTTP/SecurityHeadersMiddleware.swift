import HTTPTypes
import Hummingbird

/// Adds headers that keep pages self-contained: a Content-Security-Policy that allows no
/// request to another origin (the browser enforces "no external requests"), no sniffing, no
/// framing, no referrer.
///
/// ```swift
/// router.add(middleware: SecurityHeadersMiddleware())
/// ```
/// The policy: inline script and style only, fetches to this origin only, images from data/blob.
let contentSecurityPolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; "
    + "connect-src 'self'; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

private let referrerPolicy = HTTPField.Name("Referrer-Policy")
private let frameOptions = HTTPField.Name("X-Frame-Options")

struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        if let referrerPolicy { response.headers[referrerPolicy] = "no-referrer" }
        if let frameOptions { response.headers[frameOptions] = "DENY" }
        return response
    }
}
