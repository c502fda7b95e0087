/// A dense layer `y = x · W(ᵀ) + b` with its weights checked against the configuration.
///
/// ```swift
/// let q = try Linear(store, "encoder.layer.0.attention.self.query", inputs: 384, outputs: 384, layout: .outputsByInputs)
/// q.apply(x, rows: seq, into: y, stride: 384)
/// ```
struct Linear: Sendable {
    let weight: FloatBuffer
    let bias: FloatBuffer
    let inputs: Int
    let outputs: Int
    let layout: BLAS.WeightLayout

    /// Loads `name.weight` and `name.bias`.
    init(_ store: WeightStore, _ name: String, inputs: Int, outputs: Int, layout: BLAS.WeightLayout) throws(RuntimeError) {
        let shape = layout == .outputsByInputs ? [outputs, inputs] : [inputs, outputs]
        weight = try store.tensor(name + ".weight", shape: shape)
        bias = try store.tensor(name + ".bias", shape: [outputs])
        self.inputs = inputs
        self.outputs = outputs
        self.layout = layout
    }

    /// Writes `rows` outputs into `y` (rows `stride` floats apart).
    func apply(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>, stride: Int) {
        BLAS.linear(x, rows: rows, inputs: inputs, weight: weight.base, bias: bias.base, outputs: outputs,
                    weightLayout: layout, into: y, stride: stride)
    }
}
