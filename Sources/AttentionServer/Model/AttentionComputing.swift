import Attention

/// A model the server can ask for the attention of a text: the seam between the HTTP layer and
/// the transformer runtime (tests plug in a small deterministic model).
///
/// `attention(text:pair:)` is synchronous and CPU-bound; the server calls it on a ``WorkQueue``
/// thread, never on the async executor.
///
/// ```swift
/// let result = try model.attention(text: "The cat sat.", pair: nil)
/// result.data.queryLabels   // ["[CLS]", "the", "cat", "sat", ".", "[SEP]"]
/// ```
public protocol AttentionComputing: Sendable {
    /// What the model is, for `GET /api/model`.
    var model: ModelDescription { get }
    /// Runs the model on `text` (and `pair` as a second sentence) and returns every layer's and
    /// head's attention with the tokens on both axes (and `pairSplit` for pairs), and what the
    /// run knows about its tokens.
    func attention(text: String, pair: String?) throws(AttentionComputingError) -> ModelAttention
    /// Like ``attention(text:pair:)``, but a run of more than `denseMaxTokens` tokens is kept as
    /// queries and keys (its tensor is factored, weights computed when read) when the model can,
    /// and refused (``AttentionComputingError/invalidInput(_:)``) beyond `maxRunTokens`, before
    /// the forward pass. Shorter runs, and every run of a model that cannot keep queries and
    /// keys, keep their weights. `progress` hears `(layersDone, layers)` after each layer. The
    /// default always keeps weights and reports no progress.
    func attention(
        text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(AttentionComputingError) -> ModelAttention
    /// What ``attention(text:pair:denseMaxTokens:maxRunTokens:progress:)`` will keep for this
    /// input, decided from its tokens alone (no forward pass), with the same refusals. The
    /// default is ``RunPlan/dense``.
    func plan(text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int) throws(AttentionComputingError) -> RunPlan
    /// Whether long texts are kept as queries and keys (`false` by default).
    var keepsQueriesAndKeys: Bool { get }
}

/// What a model run will keep, known before it runs: the server answers a dense run in the
/// request and computes a long one in the background (`202 Accepted`, then `GET /api/runs/{id}`).
public enum RunPlan: Sendable, Equatable {
    /// Every weight, answered as a dense payload.
    case dense
    /// Queries and keys of `tokens` tokens, served as a run that will hold `bytes` (its
    /// queries, keys and log-sum-exps as Float32).
    case queriesAndKeys(tokens: Int, bytes: Int)
}

extension AttentionComputing {
    public var keepsQueriesAndKeys: Bool { false }

    public func attention(
        text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(AttentionComputingError) -> ModelAttention {
        try attention(text: text, pair: pair)
    }

    /// ``attention(text:pair:denseMaxTokens:maxRunTokens:progress:)`` without progress reports.
    public func attention(text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int) throws(AttentionComputingError) -> ModelAttention {
        try attention(text: text, pair: pair, denseMaxTokens: denseMaxTokens, maxRunTokens: maxRunTokens, progress: nil)
    }

    public func plan(text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int) throws(AttentionComputingError) -> RunPlan {
        .dense
    }
}

/// Why a model could not produce attention for an input.
public enum AttentionComputingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is unusable (too many tokens, pairs not supported...): the client's fault, 400.
    case invalidInput(String)
    /// The model failed: the server's fault, 500.
    case failed(String)

    public var description: String {
        switch self {
        case .invalidInput(let message), .failed(let message): message
        }
    }
}
