/// A sharded model's `model.safetensors.index.json`: which shard file holds each tensor.
///
/// ```swift
/// // {"metadata": {...}, "weight_map": {"lm_head.weight": "model-00002-of-00002.safetensors"}}
/// let index = try DecodableJSONFile.read(SafetensorsIndexJSON.self, from: path)
/// index.weightMap?["lm_head.weight"]   // "model-00002-of-00002.safetensors"
/// ```
struct SafetensorsIndexJSON: Decodable, Sendable, Equatable {
    /// Tensor name → shard file name.
    var weightMap: [String: String]?

    enum CodingKeys: String, CodingKey {
        case weightMap = "weight_map"
    }
}
