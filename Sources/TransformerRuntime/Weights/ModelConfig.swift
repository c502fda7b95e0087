import Foundation

/// What `config.json` says about a model, normalised across the naming of BERT-style
/// (`hidden_size`, `num_attention_heads`) and GPT-2-style (`n_embd`, `n_head`) configurations.
///
/// ```swift
/// let config = try ModelConfig(contentsOf: "all-MiniLM-L6-v2/config.json")
/// config.architecture   // .bert
/// config.layers         // 6
/// config.heads          // 12
/// ```
public struct ModelConfig: Sendable, Equatable {
    /// The model families the runtime can run.
    public enum Architecture: String, Sendable, CaseIterable {
        /// BERT and MiniLM encoders (`model_type: bert`).
        case bert
        /// RoBERTa encoders: BERT with positions offset past the padding id.
        case roberta
        /// DistilBERT encoders: BERT without segment embeddings, different weight names.
        case distilbert
        /// GPT-2 and DistilGPT2 decoders: causal, pre-layer-norm, Conv1D weights.
        case gpt2

        /// Whether attention is masked to earlier positions.
        public var isCausal: Bool { self == .gpt2 }
    }

    /// Feed-forward activation functions.
    public enum Activation: String, Sendable {
        case gelu
        case geluTanh = "gelu_new"
        case relu
    }

    public var architecture: Architecture
    public var layers: Int
    public var heads: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var vocabularySize: Int
    /// Number of segment (token type) embeddings; 0 when the model has none.
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Float
    public var activation: Activation
    /// RoBERTa's padding id; positions start at `padTokenId + 1`.
    public var padTokenId: Int
    /// GPT-2 option: divide attention scores by the layer number as well.
    public var scaleAttentionByInverseLayerIndex: Bool
    /// GPT-2 option: divide attention scores by √(head size) (on by default).
    public var scaleAttentionWeights: Bool

    /// Width of one head.
    public var headSize: Int { hiddenSize / heads }

    /// Reads and validates `config.json`.
    public init(contentsOf path: String) throws(RuntimeError) {
        try self.init(object: JSONObjectFile.read(path), path: path)
    }

    /// Parses the contents of a `config.json`; `path` names it in errors.
    public init(json data: Data, path: String) throws(RuntimeError) {
        try self.init(object: JSONObjectFile.parse(data, path: path), path: path)
    }

    private init(object: [String: Any], path: String) throws(RuntimeError) {
        func fail(_ problem: String) -> RuntimeError { .file(path: path, problem: problem) }
        func int(_ keys: [String], default value: Int? = nil) throws(RuntimeError) -> Int {
            for key in keys {
                if let number = object[key] as? NSNumber, String(cString: number.objCType) != "c" {   // "c": a JSON boolean
                    let v = number.doubleValue
                    guard v >= 0, v == v.rounded(), v < 1e9 else { throw fail("\(key) must be a non-negative integer, got \(number)") }
                    return Int(v)
                }
            }
            if let value { return value }
            throw fail("missing \(keys.joined(separator: " or "))")
        }
        func float(_ keys: [String], default value: Float) -> Float {
            for key in keys { if let number = object[key] as? NSNumber { return number.floatValue } }
            return value
        }

        let modelType = (object["model_type"] as? String)?.lowercased()
        let architectures = (object["architectures"] as? [String]) ?? []
        let name = modelType ?? architectures.first ?? "(none: config.json has no model_type)"
        switch modelType {
        case "bert": architecture = .bert
        case "roberta": architecture = .roberta
        case "distilbert": architecture = .distilbert
        case "gpt2": architecture = .gpt2
        case nil where architectures.contains(where: { $0.hasPrefix("Bert") }): architecture = .bert
        case nil where architectures.contains(where: { $0.hasPrefix("Roberta") }): architecture = .roberta
        case nil where architectures.contains(where: { $0.hasPrefix("DistilBert") }): architecture = .distilbert
        case nil where architectures.contains(where: { $0.hasPrefix("GPT2") }): architecture = .gpt2
        default: throw .unsupportedArchitecture(path: path, found: name)
        }

        let activationName: String
        switch architecture {
        case .bert, .roberta:
            layers = try int(["num_hidden_layers"])
            heads = try int(["num_attention_heads"])
            hiddenSize = try int(["hidden_size"])
            intermediateSize = try int(["intermediate_size"])
            maxPositions = try int(["max_position_embeddings"])
            vocabularySize = try int(["vocab_size"])
            typeVocabularySize = try int(["type_vocab_size"], default: 2)
            layerNormEpsilon = float(["layer_norm_eps"], default: 1e-12)
            activationName = object["hidden_act"] as? String ?? "gelu"
            padTokenId = try int(["pad_token_id"], default: architecture == .roberta ? 1 : 0)
            if let kind = object["position_embedding_type"] as? String, kind != "absolute" {
                throw fail("position_embedding_type \(kind) is not supported (only absolute)")
            }
        case .distilbert:
            layers = try int(["n_layers"])
            heads = try int(["n_heads"])
            hiddenSize = try int(["dim"])
            intermediateSize = try int(["hidden_dim"])
            maxPositions = try int(["max_position_embeddings"])
            vocabularySize = try int(["vocab_size"])
            typeVocabularySize = 0
            layerNormEpsilon = 1e-12
            activationName = object["activation"] as? String ?? "gelu"
            padTokenId = try int(["pad_token_id"], default: 0)
        case .gpt2:
            layers = try int(["n_layer"])
            heads = try int(["n_head"])
            hiddenSize = try int(["n_embd"])
            intermediateSize = (object["n_inner"] as? NSNumber).map { $0.intValue } ?? 4 * hiddenSize
            maxPositions = try int(["n_positions", "n_ctx"])
            vocabularySize = try int(["vocab_size"])
            typeVocabularySize = 0
            layerNormEpsilon = float(["layer_norm_epsilon"], default: 1e-5)
            activationName = object["activation_function"] as? String ?? "gelu_new"
            padTokenId = 0
        }
        scaleAttentionByInverseLayerIndex = object["scale_attn_by_inverse_layer_idx"] as? Bool ?? false
        scaleAttentionWeights = object["scale_attn_weights"] as? Bool ?? true

        switch activationName {
        case "gelu": activation = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": activation = .geluTanh
        case "relu": activation = .relu
        default: throw fail("activation \(activationName) is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)")
        }
        guard layers > 0, heads > 0, hiddenSize > 0, intermediateSize > 0, maxPositions > 0, vocabularySize > 0 else {
            throw fail("layer, head, size and vocabulary counts must be positive")
        }
        guard hiddenSize % heads == 0 else {
            throw fail("hidden size \(hiddenSize) is not a multiple of the \(heads) heads")
        }
        guard hiddenSize <= 1 << 16, intermediateSize <= 1 << 18, layers <= 1024, heads <= 1024, maxPositions <= 1 << 20 else {
            throw fail("implausibly large model dimensions")
        }
    }
}
