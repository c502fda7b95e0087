import Foundation

/// The keys of a Hugging Face `config.json` that `ModelConfig` reads, as the file spells them:
/// BERT-style (`hidden_size`, `num_attention_heads`), DistilBERT's (`dim`, `n_heads`), GPT-2's
/// (`n_embd`, `n_head`) and the Llama family's. Every key is optional (`null` counts as absent);
/// numbers are `Double` (`1e-05` and `12` alike), so `ModelConfig` checks integers itself and
/// names the key. GGUF metadata is written into the same struct.
///
/// ```swift
/// let json = try ConfigJSON.decode(data, path: "model/config.json")
/// json.modelType          // "llama"
/// json.eosTokenId?.first  // 2, from `2` or `[2, 32000]`
/// ```
struct ConfigJSON: Decodable, Sendable, Equatable {
    var modelType: String?
    var architectures: [String]?

    // BERT and the Llama family.
    var numHiddenLayers: Double?
    var numAttentionHeads: Double?
    var hiddenSize: Double?
    var intermediateSize: Double?
    var maxPositionEmbeddings: Double?
    var vocabSize: Double?
    var typeVocabSize: Double?
    var layerNormEps: Double?
    var hiddenAct: String?
    var padTokenId: Double?
    var positionEmbeddingType: String?

    // DistilBERT.
    var nLayers: Double?
    var nHeads: Double?
    var dim: Double?
    var hiddenDim: Double?
    var activation: String?

    // GPT-2.
    var nLayer: Double?
    var nHead: Double?
    var nEmbd: Double?
    var nInner: Double?
    var nPositions: Double?
    var nCtx: Double?
    var layerNormEpsilon: Double?
    var activationFunction: String?
    var scaleAttnByInverseLayerIdx: Bool?
    var scaleAttnWeights: Bool?

    // The Llama family.
    var rmsNormEps: Double?
    var hiddenActivation: String?
    var numKeyValueHeads: Double?
    var headDim: Double?
    var ropeTheta: Double?
    var partialRotaryFactor: Double?
    var originalMaxPositionEmbeddings: Double?
    /// transformers 4's `rope_scaling`.
    var ropeScaling: RopeScalingJSON?
    /// transformers 5's `rope_parameters`: the scaling plus `rope_theta` and friends.
    var ropeParameters: RopeScalingJSON?
    var attentionBias: Bool?
    var mlpBias: Bool?
    var tieWordEmbeddings: Bool?
    var eosTokenId: TokenIDs?
    var layerTypes: [String]?
    var slidingWindow: Double?
    var useSlidingWindow: Bool?
    var queryPreAttnScalar: Double?
    var attnLogitSoftcapping: Double?
    var finalLogitSoftcapping: Double?

    /// `eos_token_id`: one id or a list of them.
    struct TokenIDs: Decodable, Sendable, Equatable {
        var ids: [Int]
        var first: Int? { ids.first }

        init(_ ids: [Int]) { self.ids = ids }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let id = try? container.decode(Int.self) {
                ids = [id]
            } else {
                ids = try container.decode([Int].self)
            }
        }
    }

    /// Reads the file at `path`.
    static func read(_ path: String) throws(RuntimeError) -> ConfigJSON {
        try DecodableJSONFile.read(ConfigJSON.self, from: path, snakeCaseKeys: true)
    }

    /// Decodes `data`; `path` names the file in the one-line error.
    static func decode(_ data: Data, path: String) throws(RuntimeError) -> ConfigJSON {
        try DecodableJSONFile.decode(ConfigJSON.self, from: data, path: path, snakeCaseKeys: true)
    }
}
