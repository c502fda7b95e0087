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
        /// Llama 2/3, SmolLM2 and other Llama-style decoders: RMSNorm, rotary positions,
        /// grouped-query attention, SwiGLU.
        case llama
        /// Mistral: Llama with a sliding attention window.
        case mistral
        /// Qwen2 / Qwen2.5: Llama with biases on the query, key and value projections.
        case qwen2
        /// Qwen3: Llama with an RMSNorm over each query and key head before rotation.
        case qwen3
        /// Phi-3 / Phi-3.5 / Phi-4-mini: fused `qkv_proj` and `gate_up_proj`, partial rotary
        /// dimensions, LongRoPE for long contexts.
        case phi3
        /// Gemma 2: `(1 + w)` RMSNorm before and after attention and feed-forward, scaled
        /// embeddings, GeGLU, soft-capped attention logits, sliding window on alternate layers.
        case gemma2

        /// Whether attention is masked to earlier positions.
        public var isCausal: Bool { self != .bert && self != .roberta && self != .distilbert }

        /// Whether this is a Llama-family decoder (``LlamaDecoder``).
        public var isLlamaFamily: Bool {
            switch self {
            case .llama, .mistral, .qwen2, .qwen3, .phi3, .gemma2: true
            case .bert, .roberta, .distilbert, .gpt2: false
            }
        }
    }

    /// How rotary position frequencies are rescaled for long contexts (`rope_scaling`).
    public enum RopeScaling: Sendable, Equatable {
        /// Positions divided by `factor`.
        case linear(factor: Double)
        /// The base grows with the sequence once it passes the trained length (NTK-aware).
        case dynamic(factor: Double, originalPositions: Int)
        /// Llama 3.1's per-frequency smoothing between the original and scaled frequencies.
        case llama3(factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double, originalPositions: Int)
        /// Phi-3's LongRoPE: each frequency divided by its own factor, `short` while the sequence
        /// fits in `originalPositions` and `long` beyond, and cos/sin scaled by `attentionFactor`.
        case longrope(short: [Double], long: [Double], attentionFactor: Double, originalPositions: Int)
    }

    /// Feed-forward activation functions.
    public enum Activation: String, Sendable {
        case gelu
        case geluTanh = "gelu_new"
        case relu
        /// `x · sigmoid(x)`, the gate of SwiGLU.
        case silu
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
    /// Width of one head (`head_dim`, else hidden size / heads).
    public var headSize: Int
    /// Key/value heads (`num_key_value_heads`); fewer than `heads` for grouped-query attention,
    /// query head `h` then reading key/value head `h / (heads / kvHeads)`.
    public var kvHeads: Int
    /// Query heads per key/value head under grouped-query attention, `nil` without grouping.
    public var kvGroupSize: Int? { kvHeads < heads ? heads / kvHeads : nil }
    /// Rotary embedding base (`rope_theta`); Llama family only.
    public var ropeTheta: Double
    /// Rotary frequency scaling, if any.
    public var ropeScaling: RopeScaling?
    /// Keys a query may see at most, itself included (`sliding_window`), or `nil` for all.
    public var slidingWindow: Int?
    /// Whether the query, key and value projections have biases (Qwen2, `attention_bias`).
    public var attentionBias: Bool
    /// Whether the output projection has a bias (`attention_bias` in Llama configurations).
    public var outputBias: Bool
    /// Whether the feed-forward projections have biases (`mlp_bias`).
    public var feedForwardBias: Bool
    /// Whether the output embedding is the input embedding (`tie_word_embeddings`).
    public var tieWordEmbeddings: Bool
    /// The token that ends generation (`eos_token_id`; the first of a list), if any.
    public var endOfSequenceTokenId: Int?
    /// Leading dimensions of each head that rotary positions rotate (`partial_rotary_factor` ×
    /// head size; the whole head unless the model says otherwise).
    public var rotaryDimensions: Int
    /// Whether each query and key head is RMS-normalised before rotation (Qwen3's `q_norm`/`k_norm`).
    public var queryKeyNorm: Bool
    /// Added to every RMSNorm weight: 1 for Gemma's `x̂ · (1 + w)`, else 0.
    public var normWeightOffset: Float
    /// Whether attention and feed-forward outputs are normalised again before joining the residual
    /// stream (Gemma 2's post-attention, pre- and post-feed-forward norms).
    public var sandwichNorms: Bool
    /// Factor on the token embeddings (Gemma: √hidden size), if any.
    public var embeddingScale: Float?
    /// Factor on query·key scores; `nil` for 1/√(head size) (Gemma 2: `query_pre_attn_scalar`^-½).
    public var attentionScale: Float?
    /// Attention scores become `cap · tanh(score / cap)` before the softmax (Gemma 2), if set.
    public var attentionSoftCap: Float?
    /// Output logits become `cap · tanh(logit / cap)` (Gemma 2), if set.
    public var finalLogitSoftCap: Float?
    /// Which layers use `slidingWindow` (Gemma 2 alternates); `nil` when every layer does.
    public var slidingLayers: [Bool]?

    /// The sliding window of layer `layer`, or `nil` when it attends to every earlier key.
    public func window(layer: Int) -> Int? {
        guard let slidingWindow else { return nil }
        guard let slidingLayers else { return slidingWindow }
        return layer < slidingLayers.count && slidingLayers[layer] ? slidingWindow : nil
    }

    /// Reads and validates `config.json`.
    public init(contentsOf path: String) throws(RuntimeError) {
        try self.init(json: ConfigJSON.read(path), path: path)
    }

    /// Parses the contents of a `config.json`; `path` names it in errors.
    public init(json data: Data, path: String) throws(RuntimeError) {
        try self.init(json: ConfigJSON.decode(data, path: path), path: path)
    }

    /// Normalises and validates a decoded `config.json` (or what GGUF metadata says in its terms).
    init(json object: ConfigJSON, path: String) throws(RuntimeError) {
        func fail(_ problem: String) -> RuntimeError { .file(path: path, problem: problem) }
        func int(_ candidates: [(String, Double?)], default value: Int? = nil) throws(RuntimeError) -> Int {
            for (key, number) in candidates {
                if let v = number {
                    guard v >= 0, v == v.rounded(), v < 1e9 else { throw fail("\(key) must be a non-negative integer, got \(Self.format(v))") }
                    return Int(v)
                }
            }
            if let value { return value }
            throw fail("missing \(candidates.map(\.0).joined(separator: " or "))")
        }

        let modelType = object.modelType?.lowercased()
        let architectures = object.architectures ?? []
        let name = modelType ?? architectures.first ?? "(none: config.json has no model_type)"
        switch modelType {
        case "bert": architecture = .bert
        case "roberta": architecture = .roberta
        case "distilbert": architecture = .distilbert
        case "gpt2": architecture = .gpt2
        case "llama": architecture = .llama
        case "mistral": architecture = .mistral
        case "qwen2": architecture = .qwen2
        case "qwen3": architecture = .qwen3
        case "phi3": architecture = .phi3
        case "gemma2": architecture = .gemma2
        case nil where architectures.contains(where: { $0.hasPrefix("Bert") }): architecture = .bert
        case nil where architectures.contains(where: { $0.hasPrefix("Roberta") }): architecture = .roberta
        case nil where architectures.contains(where: { $0.hasPrefix("DistilBert") }): architecture = .distilbert
        case nil where architectures.contains(where: { $0.hasPrefix("GPT2") }): architecture = .gpt2
        default: throw .unsupportedArchitecture(path: path, found: name)
        }

        /// The dimensions under the names BERT and Llama configurations share.
        func standardDimensions() throws(RuntimeError) -> (Int, Int, Int, Int, Int, Int) {
            (try int([("num_hidden_layers", object.numHiddenLayers)]), try int([("num_attention_heads", object.numAttentionHeads)]),
             try int([("hidden_size", object.hiddenSize)]), try int([("intermediate_size", object.intermediateSize)]),
             try int([("max_position_embeddings", object.maxPositionEmbeddings)]), try int([("vocab_size", object.vocabSize)]))
        }
        let activationName: String
        switch architecture {
        case .bert, .roberta:
            (layers, heads, hiddenSize, intermediateSize, maxPositions, vocabularySize) = try standardDimensions()
            typeVocabularySize = try int([("type_vocab_size", object.typeVocabSize)], default: 2)
            layerNormEpsilon = object.layerNormEps.map(Float.init) ?? 1e-12
            activationName = object.hiddenAct ?? "gelu"
            padTokenId = try int([("pad_token_id", object.padTokenId)], default: architecture == .roberta ? 1 : 0)
            if let kind = object.positionEmbeddingType, kind != "absolute" {
                throw fail("position_embedding_type \(kind) is not supported (only absolute)")
            }
        case .distilbert:
            layers = try int([("n_layers", object.nLayers)])
            heads = try int([("n_heads", object.nHeads)])
            hiddenSize = try int([("dim", object.dim)])
            intermediateSize = try int([("hidden_dim", object.hiddenDim)])
            maxPositions = try int([("max_position_embeddings", object.maxPositionEmbeddings)])
            vocabularySize = try int([("vocab_size", object.vocabSize)])
            typeVocabularySize = 0
            layerNormEpsilon = 1e-12
            activationName = object.activation ?? "gelu"
            padTokenId = try int([("pad_token_id", object.padTokenId)], default: 0)
        case .gpt2:
            layers = try int([("n_layer", object.nLayer)])
            heads = try int([("n_head", object.nHead)])
            hiddenSize = try int([("n_embd", object.nEmbd)])
            intermediateSize = try int([("n_inner", object.nInner)], default: 4 * hiddenSize)
            maxPositions = try int([("n_positions", object.nPositions), ("n_ctx", object.nCtx)])
            vocabularySize = try int([("vocab_size", object.vocabSize)])
            typeVocabularySize = 0
            layerNormEpsilon = object.layerNormEpsilon.map(Float.init) ?? 1e-5
            activationName = object.activationFunction ?? "gelu_new"
            padTokenId = 0
        case .llama, .mistral, .qwen2, .qwen3, .phi3, .gemma2:
            (layers, heads, hiddenSize, intermediateSize, maxPositions, vocabularySize) = try standardDimensions()
            typeVocabularySize = 0
            layerNormEpsilon = object.rmsNormEps.map(Float.init) ?? 1e-6
            // Gemma names it hidden_activation (hidden_act is a legacy key there).
            activationName = (architecture == .gemma2 ? object.hiddenActivation : nil)
                ?? object.hiddenAct ?? (architecture == .gemma2 ? "gelu_pytorch_tanh" : "silu")
            padTokenId = 0
        }
        let isLlama = architecture.isLlamaFamily
        let kv = isLlama ? try int([("num_key_value_heads", object.numKeyValueHeads)], default: heads) : heads
        let explicitHeadSize = isLlama ? try object.headDim.map { (v: Double) throws(RuntimeError) in try int([("head_dim", v)]) } : nil
        headSize = explicitHeadSize ?? (heads > 0 ? hiddenSize / heads : 0)
        kvHeads = kv
        // transformers 4 writes `rope_theta` and `rope_scaling`; transformers 5 one `rope_parameters`.
        let ropeParameters = object.ropeParameters
        ropeTheta = object.ropeTheta ?? ropeParameters?.ropeTheta ?? 10_000
        let partialRotary = object.partialRotaryFactor ?? ropeParameters?.partialRotaryFactor ?? 1
        guard partialRotary > 0, partialRotary <= 1 else { throw fail("partial_rotary_factor must be in (0, 1], got \(partialRotary)") }
        rotaryDimensions = Int(Double(headSize) * partialRotary)
        // Phi-3 keeps the pretrained context at the top level; newer configs inside the rope parameters.
        let originalPositions = try (object.originalMaxPositionEmbeddings ?? ropeParameters?.originalMaxPositionEmbeddings)
            .map { (v: Double) throws(RuntimeError) in try int([("original_max_position_embeddings", v)]) }
        ropeScaling = isLlama
            ? try Self.ropeScaling(object.ropeScaling ?? ropeParameters, maxPositions: maxPositions,
                                   originalPositions: originalPositions, rotaryDimensions: rotaryDimensions, fail: fail) : nil
        let bias = object.attentionBias ?? false
        attentionBias = architecture == .qwen2 || (isLlama && bias)
        outputBias = architecture != .qwen2 && isLlama && bias
        feedForwardBias = isLlama && (object.mlpBias ?? false)
        tieWordEmbeddings = object.tieWordEmbeddings ?? (!isLlama || architecture == .gemma2)
        endOfSequenceTokenId = object.eosTokenId?.first
        let layerTypes = object.layerTypes
        let window = try object.slidingWindow.map { (v: Double) throws(RuntimeError) in try int([("sliding_window", v)]) }
        slidingLayers = nil
        switch architecture {
        case .mistral, .phi3:
            slidingWindow = window
        case .gemma2:
            slidingWindow = window ?? 4096
            // transformers 5 lists layer_types; older configs mean the even layers (0, 2, ...).
            slidingLayers = layerTypes.map { $0.map { $0 == "sliding_attention" } } ?? (0..<layers).map { $0 % 2 == 0 }
            if slidingLayers?.count != layers { throw fail("layer_types lists \(layerTypes?.count ?? 0) layers, not \(layers)") }
        case .qwen2 where object.useSlidingWindow == true, .qwen3 where object.useSlidingWindow == true:
            // Qwen slides only above max_window_layers; attnviz refuses rather than guess.
            throw fail("use_sliding_window is not supported for \(architecture.rawValue)")
        default:
            slidingWindow = nil
        }
        if let window = slidingWindow, window <= 0 { throw fail("sliding_window must be positive, got \(window)") }
        queryKeyNorm = architecture == .qwen3
        normWeightOffset = architecture == .gemma2 ? 1 : 0
        sandwichNorms = architecture == .gemma2
        embeddingScale = architecture == .gemma2 ? Float(Double(hiddenSize).squareRoot()) : nil
        if architecture == .gemma2 {
            let scalar = object.queryPreAttnScalar ?? Double(headSize)
            guard scalar > 0, scalar.isFinite else { throw fail("query_pre_attn_scalar must be positive, got \(scalar)") }
            attentionScale = Float(1 / scalar.squareRoot())
            attentionSoftCap = object.attnLogitSoftcapping.map(Float.init)
            finalLogitSoftCap = object.finalLogitSoftcapping.map(Float.init)
            for cap in [attentionSoftCap, finalLogitSoftCap].compactMap({ $0 }) where !(cap > 0 && cap.isFinite) {
                throw fail("soft-capping values must be positive, got \(cap)")
            }
        } else {
            attentionScale = nil
            attentionSoftCap = nil
            finalLogitSoftCap = nil
        }
        scaleAttentionByInverseLayerIndex = object.scaleAttnByInverseLayerIdx ?? false
        scaleAttentionWeights = object.scaleAttnWeights ?? true

        switch activationName {
        case "gelu": activation = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": activation = .geluTanh
        case "relu": activation = .relu
        case "silu", "swish": activation = .silu
        default: throw fail("activation \(activationName) is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu, silu)")
        }
        guard layers > 0, heads > 0, hiddenSize > 0, intermediateSize > 0, maxPositions > 0, vocabularySize > 0 else {
            throw fail("layer, head, size and vocabulary counts must be positive")
        }
        guard explicitHeadSize != nil || hiddenSize % heads == 0 else {
            throw fail("hidden size \(hiddenSize) is not a multiple of the \(heads) heads")
        }
        guard headSize > 0, headSize <= 1024, headSize % 2 == 0 || !isLlama else {
            throw fail("head size \(headSize) must be even and at most 1024")
        }
        guard !isLlama || (rotaryDimensions >= 2 && rotaryDimensions % 2 == 0) else {
            throw fail("\(rotaryDimensions) rotary dimensions (partial_rotary_factor × head size) must be even and at least 2")
        }
        guard kvHeads > 0, heads % kvHeads == 0 else {
            throw fail("\(heads) attention heads cannot share \(kvHeads) key/value heads evenly")
        }
        guard hiddenSize <= 1 << 16, intermediateSize <= 1 << 18, layers <= 1024, heads <= 1024, maxPositions <= 1 << 20 else {
            throw fail("implausibly large model dimensions")
        }
    }

    /// Interprets `rope_scaling` (`{"rope_type" or "type": "linear" | "dynamic" | "llama3" | "longrope", "factor": F, ...}`).
    private static func ropeScaling(
        _ object: RopeScalingJSON?, maxPositions: Int, originalPositions: Int?, rotaryDimensions: Int, fail: (String) -> RuntimeError
    ) throws(RuntimeError) -> RopeScaling? {
        guard let object else { return nil }
        let kind = object.kind
        func number(_ key: String, _ value: Double?, _ fallback: Double? = nil) throws(RuntimeError) -> Double {
            if let value, value.isFinite, value > 0 { return value }
            if let fallback { return fallback }
            throw fail("rope_scaling \(kind) needs a positive \(key)")
        }
        let ownOriginal = object.originalMaxPositionEmbeddings.flatMap { $0.isFinite && abs($0) < 1e9 ? Int($0) : nil }
        let original = ownOriginal ?? originalPositions ?? maxPositions
        guard original > 0 else { throw fail("original_max_position_embeddings must be positive") }
        switch kind {
        case "default": return nil
        case "linear": return .linear(factor: try number("factor", object.factor))
        case "dynamic": return .dynamic(factor: try number("factor", object.factor), originalPositions: original)
        case "llama3":
            return .llama3(factor: try number("factor", object.factor), lowFrequencyFactor: try number("low_freq_factor", object.lowFreqFactor, 1),
                           highFrequencyFactor: try number("high_freq_factor", object.highFreqFactor, 4), originalPositions: original)
        case "longrope", "su",
             "yarn" where object.shortFactor != nil:
            // Phi-3's configs say "su" or "longrope" (older ones "yarn" with short/long factors).
            func factors(_ key: String, _ values: [Double]?) throws(RuntimeError) -> [Double] {
                let list = values ?? []
                guard list.count == rotaryDimensions / 2, list.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                    throw fail("rope_scaling \(kind) needs \(key) with \(rotaryDimensions / 2) positive numbers")
                }
                return list
            }
            // The attention factor defaults to √(1 + ln(scale) / ln(original)), the scale being
            // max_position_embeddings / original_max_position_embeddings.
            let scale = object.factor ?? Double(maxPositions) / Double(original)
            let attention = object.attentionFactor
                ?? (scale <= 1 ? 1 : (1 + log(scale) / log(Double(original))).squareRoot())
            return .longrope(short: try factors("short_factor", object.shortFactor), long: try factors("long_factor", object.longFactor),
                             attentionFactor: attention, originalPositions: original)
        default:
            throw fail("rope_scaling type \(kind) is not supported (linear, dynamic, llama3, longrope)")
        }
    }

    /// A number as a config file would write it: `12`, `1.5`.
    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
