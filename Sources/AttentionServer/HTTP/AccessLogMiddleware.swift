import Attention
import Hummingbird
import Logging

/// Logs one structured line per request: method, path (never the query, made display-safe),
/// status, duration.
///
/// ```swift
/// router.add(middleware: AccessLogMiddleware())
/// // info: request [hb.request.id=…, method=POST, path=/api/attention, status=200, ms=41.2]
/// ```
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let level: Logger.Level = response.status.code >= 500 ? .warning : .info
        context.logger.log(level: level, "request", metadata: [
            "method": "\(request.method)",
            "path": "\(DisplaySafe.line(request.uri.path, limit: 200))",
            "status": "\(response.status.code)",
            "ms": "\((ms * 10).rounded() / 10)",
        ])
        return response
    }
}
