/// Layer normalisation weights (`weight`/`bias`, or the older `gamma`/`beta` names).
///
/// ```swift
/// let norm = try LayerNorm(store, "embeddings.LayerNorm", width: 384, epsilon: 1e-12)
/// norm.apply(x, rows: seq)
/// ```
struct LayerNorm: Sendable {
    let gamma: FloatBuffer
    let beta: FloatBuffer
    let width: Int
    let epsilon: Float

    init(_ store: WeightStore, _ name: String, width: Int, epsilon: Float) throws(RuntimeError) {
        if !store.contains(name + ".weight") && store.contains(name + ".gamma") {
            gamma = try store.tensor(name + ".gamma", shape: [width])
            beta = try store.tensor(name + ".beta", shape: [width])
        } else {
            gamma = try store.tensor(name + ".weight", shape: [width])
            beta = try store.tensor(name + ".bias", shape: [width])
        }
        self.width = width
        self.epsilon = epsilon
    }

    /// `x = LN(x + residual)` in place.
    func apply(_ x: UnsafeMutablePointer<Float>, rows: Int, residual: UnsafePointer<Float>? = nil) {
        Kernels.layerNorm(x, rows: rows, width: width, residual: residual, gamma: gamma.base, beta: beta.base, epsilon: epsilon)
    }

    /// `out = LN(x)`.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>) {
        Kernels.layerNorm(x, into: out, rows: rows, width: width, gamma: gamma.base, beta: beta.base, epsilon: epsilon)
    }
}
