import Attention
import Hummingbird

/// Turns every error into a JSON body `{"error": {"status", "message"}}`: ``APIError``s as they
/// are, Hummingbird's own (404, 405, 413) with their status, anything else as a 500 that says
/// nothing of internals.
///
/// ```swift
/// router.add(middleware: ErrorMiddleware())
/// ```
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as any HTTPResponseError {
            let message: String
            switch error.status {
            case .notFound: message = "no such endpoint: \(request.method) \(DisplaySafe.line(request.uri.path, limit: 100))"
            case .methodNotAllowed: message = "\(request.method) is not allowed on \(DisplaySafe.line(request.uri.path, limit: 100))"
            case .contentTooLarge: message = "request body too large"
            default: message = error.status.reasonPhrase
            }
            return APIError(error.status, message).response()
        } catch is CancellationError {
            return APIError(.serviceUnavailable, "request cancelled").response()
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(DisplaySafe.line("\(error)"))"])
            return APIError(.internalServerError, "internal error").response()
        }
    }
}
