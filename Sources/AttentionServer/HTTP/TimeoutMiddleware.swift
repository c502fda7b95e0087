import Hummingbird

/// Answers 503 when a request (body upload included) takes longer than `timeout`, cancelling
/// its handler, which withdraws any job still waiting in the ``WorkQueue``.
///
/// ```swift
/// router.add(middleware: TimeoutMiddleware(timeout: .seconds(30)))
/// ```
struct TimeoutMiddleware<Context: RequestContext>: RouterMiddleware {
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let timeout = self.timeout
        return try await withoutActuallyEscaping(next) { next in
            try await withThrowingTaskGroup(of: Response?.self) { group in
                nonisolated(unsafe) let next = next
                group.addTask { try await next(request, context) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let response = first else {
                    throw APIError(.serviceUnavailable, "the request took longer than \(Self.describe(timeout)); try a shorter text")
                }
                return response
            }
        }
    }

    static func describe(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
