/// `rope_scaling` (transformers 4) or `rope_parameters` (transformers 5) of a `config.json`:
/// the kind of rotary scaling and its numbers; `rope_parameters` also carries `rope_theta`,
/// `partial_rotary_factor` and `original_max_position_embeddings`.
///
/// ```swift
/// // {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0}
/// scaling.kind    // "llama3"
/// ```
struct RopeScalingJSON: Decodable, Sendable, Equatable {
    var ropeType: String?
    /// The older name of `rope_type`.
    var type: String?
    var factor: Double?
    var lowFreqFactor: Double?
    var highFreqFactor: Double?
    var originalMaxPositionEmbeddings: Double?
    var shortFactor: [Double]?
    var longFactor: [Double]?
    var attentionFactor: Double?
    var ropeTheta: Double?
    var partialRotaryFactor: Double?

    /// `rope_type`, else `type`, else `default`.
    var kind: String { ropeType ?? type ?? "default" }
}
