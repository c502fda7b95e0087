import Foundation
import Hummingbird

/// A page-started text long enough to be kept as queries and keys, computed with nobody waiting:
/// ``start()`` names the run (`r1`, `r2`, …), queues its forward pass and answers `202 Accepted`
/// `{"run", "source", "title", "tokens", "shape", "factored", "state"}` with `Location:
/// /api/runs/{run}` at once. The page then polls `GET /api/runs/{run}`: 202 with the state and
/// layers done while it waits or runs (``PendingRuns``), 200 with the run's description once it
/// is served, or the failure's status and message. No request spans the forward pass, so an
/// 8,192-token run is not cut short by `--timeout`. The same text sent again while its run is
/// pending is answered with that run.
///
/// ```swift
/// let response = try BackgroundRun(endpoints: endpoints, model: model, input: input,
///                                  title: "Once upon a time…", tokens: 8000).start()
/// // 202 {"run":"r1","state":"waiting","tokens":8000,"shape":[30,9,8000,8000],...}
/// ```
struct BackgroundRun: Sendable {
    let endpoints: Endpoints
    let model: any AttentionComputing
    let input: AttentionRequest
    let title: String
    let tokens: Int

    /// What `POST /api/attention` answers for it.
    struct Accepted: Encodable {
        var run: String
        var source = "model"
        var title: String
        var tokens: Int
        var shape: [Int]
        var factored = true
        var state = PendingRuns.State.waiting
    }

    /// Queues the run (429 when ``ServerLimits/maxPendingRuns`` runs are pending or the line is
    /// full, 503 when shutting down) and answers 202.
    func start() throws(APIError) -> Response {
        let server = endpoints.server
        let runs = server.runs, pending = server.pendingRuns, logger = server.logger
        let limits = server.configuration.limits
        let shape = [model.model.layers, model.model.heads, tokens, tokens]
        let id: String
        switch pending.admit(title: title, tokens: tokens, shape: shape, input: input, limit: limits.maxPendingRuns,
                             makeID: { runs.reserveID(prefix: "r") }) {
        case .added(let added):
            id = added
        case .same(let running):
            return Self.accepted(Accepted(run: running, title: title, tokens: tokens, shape: shape,
                                          state: pending.status(id: running)?.state ?? .waiting))
        case .full:
            throw APIError.busy("busy: \(limits.maxPendingRuns) runs are being computed already; retry when one is ready")
        }
        let (model, input, title, endpoints) = (self.model, self.input, self.title, self.endpoints)
        do {
            try server.queue.submit({
                pending.started(id)
                let start = ContinuousClock.now
                do {
                    let result = try model.attention(
                        text: input.text, pair: input.pair, denseMaxTokens: limits.denseMaxTokens, maxRunTokens: limits.maxRunTokens,
                        progress: { done, layers in pending.progress(id, layersDone: done, layers: layers) })
                    _ = try RunAnswer.register(result.data, annotations: result.annotations, bytes: result.data.tensor.storedByteCount, prefix: "r", id: id,
                                               source: "model", title: title, in: runs)
                    pending.finished(id)
                    logger.info("run ready", metadata: ["run": "\(id)", "tokens": "\(result.data.tensor.shape.queries)",
                                                        "seconds": "\((ContinuousClock.now - start).components.seconds)"])
                } catch {
                    pending.failed(id, endpoints.apiError(.failed(error)))
                }
            }, abandoned: {
                pending.failed(id, APIError(.serviceUnavailable, "the server is shutting down"))
            })
        } catch {
            pending.finished(id)
            throw endpoints.apiError(error)
        }
        return Self.accepted(Accepted(run: id, title: title, tokens: tokens, shape: shape))
    }

    /// 202 with `answer` and `Location: /api/runs/{run}`.
    static func accepted(_ answer: Accepted) -> Response {
        var response = JSONResponse.make(answer, status: .accepted)
        response.headers[.location] = "/api/runs/" + answer.run
        return response
    }
}
