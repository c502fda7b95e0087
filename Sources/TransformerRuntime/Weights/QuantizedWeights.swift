/// What a GGUF model's quantized weight matrices become when it loads.
///
/// ```swift
/// let model = try TransformerModel(directory: "llama-7b.Q4_K_M.gguf", quantizedWeights: .automatic)
/// ```
public enum QuantizedWeights: String, Sendable, CaseIterable {
    /// Float32 at load when the whole model in Float32 fits `automaticLimit` (fastest: SmolLM2-135M
    /// is 0.54 GB), else kept quantized.
    case automatic
    /// Dequantized to Float32 once, at load.
    case float32
    /// Kept quantized in the memory map; each layer's matrices are dequantized into a scratch
    /// buffer when the layer runs, so memory is the mapped file plus one matrix in Float32.
    case quantized

    /// The Float32 size up to which `automatic` dequantizes at load: 2 GB.
    public static let automaticLimit = 2_000_000_000

    /// Whether a model of `float32Bytes` (all its tensors in Float32) keeps its matrices quantized.
    public func keepsQuantized(float32Bytes: Int) -> Bool {
        switch self {
        case .automatic: float32Bytes > Self.automaticLimit
        case .float32: false
        case .quantized: true
        }
    }
}
