/// Root-mean-square normalisation (Llama's `RMSNorm`): `y = x / √(mean(x²) + ε) · (w + offset)`,
/// in Float32; `offset` is 0 except for Gemma, whose weights are stored as `w − 1`.
///
/// ```swift
/// let norm = try RMSNorm(store, "model.layers.0.input_layernorm", width: 576, epsilon: 1e-5)
/// norm.apply(x, rows: seq, into: normed)
/// ```
struct RMSNorm: Sendable {
    let weight: FloatBuffer
    let width: Int
    let epsilon: Float
    let offset: Float

    init(_ store: WeightStore, _ name: String, width: Int, epsilon: Float, offset: Float = 0) throws(RuntimeError) {
        weight = try store.tensor(name + ".weight", shape: [width])
        self.width = width
        self.epsilon = epsilon
        self.offset = offset
    }

    /// Writes the normalised rows of `x` into `out` (which may be `x` itself).
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        let w = weight.base
        for r in 0..<rows {
            let row = x + r * width
            let target = out + r * width
            let inverse = 1 / (Kernels.sumOfSquares(row, width) / Float(width) + epsilon).squareRoot()
            if offset == 0 {
                for i in 0..<width { target[i] = w[i] * (row[i] * inverse) }
            } else {
                for i in 0..<width { target[i] = (row[i] * inverse) * (w[i] + offset) }
            }
        }
    }
}
