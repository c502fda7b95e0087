import Attention
import AttentionExplorer
import Foundation
import TransformerRuntime

/// The answer of `POST /api/attention` or `POST /api/upload` whose attention became a served run
/// instead of a dense payload: `{"run", "source", "title", "tokens", "shape", "factored", "dropped"}`;
/// the page opens it through `GET /api/runs/{run}`.
///
/// ```swift
/// let json = try RunAnswer.register(data, prefix: "r", source: "model", title: "The cat…", in: runs)
/// // {"run":"r1","source":"model","tokens":9000,"shape":[30,9,9000,9000],...}
/// ```
struct RunAnswer: Encodable {
    /// The run's id in `/api/runs/{id}`.
    var run: String
    /// `model` or `upload`.
    var source: String
    /// The run's title.
    var title: String
    /// Query tokens.
    var tokens: Int
    /// `[layers, heads, queries, keys]`.
    var shape: [Int]
    /// Whether the run is kept as queries and keys.
    var factored: Bool
    /// Ids of older runs dropped to make room.
    var dropped: [String]

    /// Registers `data` in `runs` under a fresh id (`prefix` and a number), or under `id` when
    /// given (reserved earlier), dropping the oldest
    /// page-started or uploaded runs when the store is full or their bytes would exceed its
    /// budget; `bytes` is what the run holds in memory. Returns the JSON answer. When `caller`
    /// stopped waiting (the request timed out while the model ran), nothing is kept: a run nobody
    /// is told about would only push older runs out.
    static func register(
        _ data: AttentionData, annotations: RunAnnotations = .none, bytes: Int, prefix: String, id: String? = nil,
        source: String, title: String, in runs: RunStore, for caller: JobCaller? = nil
    ) throws(APIError) -> Data {
        let abandoned = APIError(.serviceUnavailable, "the request timed out or was cancelled before the run was ready; it was not kept")
        if caller?.stoppedWaiting == true { throw abandoned }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let added: RunStore.Added
        do {
            let make = { (id: String) throws(TileError) -> ServedRun in
                try ServedRun(id: id, title: title, data: data, annotations: annotations, threads: threads)
            }
            if let id {
                added = try runs.addDropping(id: id, bytes: bytes, make: make)
            } else {
                added = try runs.addDropping(prefix: prefix, bytes: bytes, make: make)
            }
        } catch {
            switch error {
            case .full:
                throw APIError(.serviceUnavailable, "\(error): every one was given at startup")
            case .tooBig:
                throw APIError(.badRequest, "\(error) (--run-memory-mb)")
            case .duplicate, .unservable:
                throw APIError(.badRequest, error.description)
            }
        }
        if caller?.stoppedWaiting == true {
            runs.remove(id: added.id)
            throw abandoned
        }
        let shape = data.tensor.shape
        let answer = RunAnswer(
            run: added.id, source: source, title: title, tokens: shape.queries, shape: shape.dimensions,
            factored: data.tensor.factored != nil, dropped: added.dropped)
        let json = JSONEncoder()
        json.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try json.encode(answer)
        } catch {
            throw APIError(.internalServerError, "could not encode the run's answer")
        }
    }

    /// `text` cut to at most `limit` characters (an ellipsis marks the cut): a run's title.
    static func title(_ text: String, limit: Int = 80) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
