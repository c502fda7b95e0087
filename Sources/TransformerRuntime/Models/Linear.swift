/// A dense layer `y = x · W(ᵀ) + b` with its weights checked against the configuration.
///
/// ```swift
/// let q = try Linear(store, "encoder.layer.0.attention.self.query", inputs: 384, outputs: 384, layout: .outputsByInputs)
/// q.apply(x, rows: seq, into: y, stride: 384)
/// ```
struct Linear: Sendable {
    /// Resident Float32, or quantized and dequantized for each `apply` (see `WeightMatrix`).
    let weight: WeightMatrix
    /// The bias, or `nil` for layers without one (Llama's projections).
    let bias: FloatBuffer?
    let inputs: Int
    let outputs: Int
    let layout: BLAS.WeightLayout

    /// Loads `name.weight` and, when `hasBias`, `name.bias`.
    init(_ store: WeightStore, _ name: String, inputs: Int, outputs: Int, layout: BLAS.WeightLayout, hasBias: Bool = true) throws(RuntimeError) {
        let shape = layout == .outputsByInputs ? [outputs, inputs] : [inputs, outputs]
        weight = try store.matrix(name + ".weight", shape: shape)
        bias = hasBias ? try store.tensor(name + ".bias", shape: [outputs]) : nil
        self.inputs = inputs
        self.outputs = outputs
        self.layout = layout
    }

    /// One layer computing the outputs of `parts` side by side (for example query, key and
    /// value in one product): their `[out, in]` weights and biases stacked, outputs in order
    /// (a part without a bias contributes zeros when another has one).
    init(stacking parts: [Linear]) {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.layout == .outputsByInputs && $0.inputs == parts[0].inputs })
        inputs = parts[0].inputs
        outputs = parts.reduce(0) { $0 + $1.outputs }
        layout = .outputsByInputs
        weight = WeightMatrix(stacking: parts.map(\.weight))
        bias = parts.allSatisfy { $0.bias == nil } ? nil
            : FloatBuffer(concatenating: parts.map { $0.bias ?? FloatBuffer(copying: [Float](repeating: 0, count: $0.outputs)) })
    }

    /// Writes `rows` outputs into `y` (rows `stride` floats apart), then applies `activation`
    /// to them; input rows are `inputStride` floats apart (`inputs` unless given).
    ///
    /// The work is split over the `Workers` by output features when the weights are stored
    /// `[out, in]`: each worker then packs only its own slice of the weights (packing the whole
    /// matrix once per worker cost about 7% of a SmolLM2 forward pass) and a one-row product (a
    /// generation step) still uses every core. GPT-2's `[in, out]` weights are split by rows.
    func apply(
        _ x: UnsafePointer<Float>, rows: Int, inputStride: Int? = nil, into y: UnsafeMutablePointer<Float>, stride: Int,
        activation: ModelConfig.Activation? = nil
    ) {
        let xs = UnsafeSendable(x), ys = UnsafeSendable(UnsafePointer(y))
        let inputStride = inputStride ?? inputs
        let bias = self.bias.map { UnsafeSendable($0.base) }
        weight.withFloats { floats in
            let w = UnsafeSendable(floats)
            if layout == .outputsByInputs {
                Workers.split(outputs, minimum: 64, alignment: 16) { part in
                    let y = UnsafeMutablePointer(mutating: ys.pointer) + part.lowerBound
                    BLAS.linear(xs.pointer, rows: rows, inputs: inputs, weight: w.pointer + part.lowerBound * inputs,
                                bias: bias.map { $0.pointer + part.lowerBound }, outputs: part.count,
                                weightLayout: layout, into: y, stride: stride, inputStride: inputStride)
                    guard let activation else { return }
                    for r in 0..<rows { Kernels.activate(y + r * stride, count: part.count, activation) }
                }
                return
            }
            Workers.split(rows) { part in
                let x = xs.pointer + part.lowerBound * inputStride
                let y = UnsafeMutablePointer(mutating: ys.pointer) + part.lowerBound * stride
                BLAS.linear(x, rows: part.count, inputs: inputs, weight: w.pointer, bias: bias?.pointer, outputs: outputs,
                            weightLayout: layout, into: y, stride: stride, inputStride: inputStride)
                guard let activation else { return }
                for r in 0..<part.count { Kernels.activate(y + r * stride, count: outputs, activation) }
            }
        }
    }
}
