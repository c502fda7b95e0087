import Attention
import AttentionExplorer
import Foundation
import TransformerRuntime

/// A model folder run by `TransformerRuntime` (BERT, MiniLM, RoBERTa, DistilBERT, GPT-2).
///
/// ```swift
/// let model = try RuntimeAttentionModel(directory: "all-MiniLM-L6-v2")
/// let data = try model.attention(text: "The cat sat.", pair: nil).data   // [6, 12, 7, 7]
/// ```
public struct RuntimeAttentionModel: AttentionComputing {
    /// The loaded network.
    public let network: TransformerModel
    public let model: ModelDescription

    /// Loads `directory` (config.json, model.safetensors, tokenizer.json).
    public init(directory: String) throws(RuntimeError) {
        network = try TransformerModel(directory: directory)
        let config = network.config
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        model = ModelDescription(
            name: name, architecture: config.architecture.rawValue, layers: config.layers, heads: config.heads,
            maxTokens: network.maxTokens, vocabularySize: config.vocabularySize,
            acceptsPairs: !config.architecture.isCausal)  // sentence pairs are an encoder (segment ids) notion
    }

    /// Decoders (GPT-2, the Llama family) keep long texts as queries and keys; encoders never do.
    public var keepsQueriesAndKeys: Bool { network.keepsQueriesAndKeys }

    public func attention(text: String, pair: String?) throws(AttentionComputingError) -> ModelAttention {
        try attention(text: text, pair: pair, denseMaxTokens: .max, maxRunTokens: .max)
    }

    public func plan(text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int) throws(AttentionComputingError) -> RunPlan {
        // Encoders always keep weights: nothing to decide, no tokenising twice.
        guard network.keepsQueriesAndKeys else { return .dense }
        let count = try translatingErrors { () throws(RuntimeError) in try network.encode(text, pair: pair, truncate: false).count }
        return try plan(tokens: count, denseMaxTokens: denseMaxTokens, maxRunTokens: maxRunTokens)
    }

    public func attention(
        text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(AttentionComputingError) -> ModelAttention {
        let encoding = try translatingErrors { () throws(RuntimeError) in try network.encode(text, pair: pair, truncate: false) }
        let factored = try plan(tokens: encoding.count, denseMaxTokens: denseMaxTokens, maxRunTokens: maxRunTokens) != .dense
        let run = try translatingErrors { () throws(RuntimeError) in
            try network.run(encoding, keep: factored ? .queriesAndKeys : .weights, progress: progress)
        }
        let annotations = RunAnnotations(
            kvGroupSize: network.config.kvGroupSize,
            partialBytes: network.tokenizer.partialCharacterBytes(run.encoding),
            unknownSources: network.tokenizer.unknownSources(run.encoding, text: text, pair: pair))
        do {
            return ModelAttention(data: try run.data, annotations: annotations)
        } catch {
            throw .failed(error.description)
        }
    }

    /// Kept as queries and keys beyond `denseMaxTokens` (when the network can), refused beyond
    /// `maxRunTokens`.
    private func plan(tokens: Int, denseMaxTokens: Int, maxRunTokens: Int) throws(AttentionComputingError) -> RunPlan {
        guard network.keepsQueriesAndKeys && tokens > denseMaxTokens else { return .dense }
        if tokens > maxRunTokens {
            throw .invalidInput("text has \(tokens) tokens; this server runs at most \(maxRunTokens) (--max-run-tokens)")
        }
        let config = network.config
        let vectors = config.layers * (config.heads + config.kvHeads) * tokens * config.headSize
        return .queriesAndKeys(tokens: tokens, bytes: (vectors + config.layers * config.heads * tokens) * 4)
    }

    /// `body`'s result, its runtime errors told as the client's (empty or too long a text) or the model's.
    private func translatingErrors<T>(_ body: () throws(RuntimeError) -> T) throws(AttentionComputingError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .emptyText:
                throw .invalidInput("text has nothing to tokenise")
            case .tooLong(let tokens, let maximum):
                throw .invalidInput("text has \(tokens) tokens; \(model.name) takes at most \(maximum)")
            default:
                throw .failed(error.description)
            }
        }
    }
}
