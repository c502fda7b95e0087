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
    /// The work is split over the `Workers` by output features: each worker packs only its own
    /// slices of the weights (splitting by rows had every worker pack the whole matrix, about 7%
    /// of a SmolLM2 forward pass), and a one-row product (a generation step) still uses every
    /// core; a product too narrow to slice is split by rows. The slices depend only on the
    /// product's shape (`slices`), never on the worker count, so the outputs are the same bit
    /// for bit with any `--threads` (sharded `stats` relies on it; `StatsCommandTests` failed
    /// when two workers split MiniLM's products).
    func apply(
        _ x: UnsafePointer<Float>, rows: Int, inputStride: Int? = nil, into y: UnsafeMutablePointer<Float>, stride: Int,
        activation: ModelConfig.Activation? = nil
    ) {
        let xs = UnsafeSendable(x), ys = UnsafeSendable(UnsafePointer(y))
        let inputStride = inputStride ?? inputs
        let bias = self.bias.map { UnsafeSendable($0.base) }
        let (inputs, outputs, layout) = (self.inputs, self.outputs, self.layout)
        let outputSlices = Self.slices(outputs, atLeast: 256, most: 4)
        // A narrow product (MiniLM's 384 outputs) over many rows is cut into slices of rows
        // instead, each packing the whole (small) matrix.
        let rowSlices = outputSlices > 1 ? 1 : Self.slices(rows, atLeast: 64, most: 4)
        weight.withFloats { floats in
            let w = UnsafeSendable(floats)
            // Rows `r` × output features `f`: rows of an `[out, in]` matrix, columns of an `[in, out]` one.
            @Sendable func product(_ r: Range<Int>, _ f: Range<Int>) {
                let slice = layout == .outputsByInputs ? w.pointer + f.lowerBound * inputs : w.pointer + f.lowerBound
                let y = UnsafeMutablePointer(mutating: ys.pointer) + r.lowerBound * stride + f.lowerBound
                BLAS.linear(xs.pointer + r.lowerBound * inputStride, rows: r.count, inputs: inputs, weight: slice,
                            bias: bias.map { $0.pointer + f.lowerBound }, outputs: f.count, weightLayout: layout, into: y,
                            stride: stride, inputStride: inputStride, weightStride: layout == .outputsByInputs ? inputs : outputs)
                guard let activation else { return }
                for row in 0..<r.count { Kernels.activate(y + row * stride, count: f.count, activation) }
            }
            if rowSlices > 1 {
                Workers.split(rows, minimum: 1, parts: rowSlices) { product($0, 0..<outputs) }
            } else {
                Workers.split(outputs, minimum: 1, alignment: 16, parts: outputSlices) { product(0..<rows, $0) }
            }
        }
    }

    /// How many slices `count` output features (or rows) are cut into: a power of two (two or
    /// four workers share them evenly), each of `atLeast` items or more, at most `most`. Output
    /// slices are of 256 features or more: every slice packs all the input rows again, and
    /// eight slices of SmolLM2's products measured slower on two cores.
    static func slices(_ count: Int, atLeast: Int, most: Int) -> Int {
        var slices = 1
        while slices < most && count / (slices * 2) >= atLeast { slices *= 2 }
        return slices
    }
}
