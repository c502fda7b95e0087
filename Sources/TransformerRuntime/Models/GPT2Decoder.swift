/// A GPT-2-style decoder (GPT-2, DistilGPT2): token and position embeddings, then pre-norm
/// layers of causal self-attention and a feed-forward block, with `Conv1D` weights stored
/// `[in, out]`.
///
/// ```swift
/// let decoder = try GPT2Decoder(config: config, store: store)
/// decoder.forward(ids: ids, capture: &capture, progress: nil)
/// ```
struct GPT2Decoder: Sendable {
    struct Layer: Sendable {
        var norm1: LayerNorm
        var attention: Linear
        var projection: Linear
        var norm2: LayerNorm
        var feedForward: Linear
        var feedForwardOutput: Linear
    }

    let config: ModelConfig
    let words: EmbeddingTable
    let positions: EmbeddingTable
    let layers: [Layer]

    init(config: ModelConfig, store: WeightStore) throws(RuntimeError) {
        self.config = config
        let h = config.hiddenSize
        let i = config.intermediateSize
        let eps = config.layerNormEpsilon
        guard let prefix = ["", "transformer."].first(where: { store.contains($0 + "wte.weight") }) else {
            throw .missingWeight(path: store.path, tensor: "wte.weight")
        }
        words = try EmbeddingTable(store, prefix + "wte.weight", rows: config.vocabularySize, width: h)
        positions = try EmbeddingTable(store, prefix + "wpe.weight", rows: config.maxPositions, width: h)
        var layers = [Layer]()
        for l in 0..<config.layers {
            let p = prefix + "h.\(l)."
            layers.append(Layer(
                norm1: try LayerNorm(store, p + "ln_1", width: h, epsilon: eps),
                attention: try Linear(store, p + "attn.c_attn", inputs: h, outputs: 3 * h, layout: .inputsByOutputs),
                projection: try Linear(store, p + "attn.c_proj", inputs: h, outputs: h, layout: .inputsByOutputs),
                norm2: try LayerNorm(store, p + "ln_2", width: h, epsilon: eps),
                feedForward: try Linear(store, p + "mlp.c_fc", inputs: h, outputs: i, layout: .inputsByOutputs),
                feedForwardOutput: try Linear(store, p + "mlp.c_proj", inputs: i, outputs: h, layout: .inputsByOutputs)))
        }
        if store.contains(prefix + "h.\(config.layers).attn.c_attn.weight") {
            throw .file(path: store.path, problem: "has more layers than the \(config.layers) config.json declares")
        }
        self.layers = layers
    }

    /// Runs the decoder over `ids`, recording attention in `capture`.
    func forward(ids: [Int], capture: inout ForwardCapture, progress: ((Int) -> Void)?) {
        let s = ids.count
        let h = config.hiddenSize
        let heads = config.heads
        let d = config.headSize
        var x = [Float](repeating: 0, count: s * h)
        var normed = [Float](repeating: 0, count: s * h)
        var qkv = [Float](repeating: 0, count: s * 3 * h)
        var context = [Float](repeating: 0, count: s * h)
        var inner = [Float](repeating: 0, count: s * config.intermediateSize)

        x.withUnsafeMutableBufferPointer { xb in
            guard let x = xb.baseAddress else { return }
            for t in 0..<s {
                words.add(row: ids[t], to: x + t * h)
                positions.add(row: t, to: x + t * h)
            }
        }

        for (l, layer) in layers.enumerated() {
            var scale: Float = config.scaleAttentionWeights ? 1 / Float(d).squareRoot() : 1
            if config.scaleAttentionByInverseLayerIndex { scale /= Float(l + 1) }
            x.withUnsafeMutableBufferPointer { xb in
            normed.withUnsafeMutableBufferPointer { nb in
            qkv.withUnsafeMutableBufferPointer { qb in
            context.withUnsafeMutableBufferPointer { cb in
            inner.withUnsafeMutableBufferPointer { ib in
            capture.withTargets(layer: l) { probabilities, logSumExp in
                guard let x = xb.baseAddress, let normed = nb.baseAddress, let qkv = qb.baseAddress,
                      let context = cb.baseAddress, let inner = ib.baseAddress else { return }
                layer.norm1.apply(x, rows: s, into: normed)
                layer.attention.apply(normed, rows: s, into: qkv, stride: 3 * h)
                SelfAttention.run(qkv: qkv, sequence: s, heads: heads, headSize: d, scale: scale, causal: true,
                                  probabilities: probabilities, logSumExp: logSumExp, context: context)
                layer.projection.apply(context, rows: s, into: normed, stride: h)
                for k in 0..<(s * h) { x[k] += normed[k] }
                layer.norm2.apply(x, rows: s, into: normed)
                layer.feedForward.apply(normed, rows: s, into: inner, stride: config.intermediateSize,
                                         activation: config.activation)
                layer.feedForwardOutput.apply(inner, rows: s, into: normed, stride: h)
                for k in 0..<(s * h) { x[k] += normed[k] }
            }}}}}}
            if capture.queries != nil {
                qkv.withUnsafeBufferPointer { qb in
                    if let base = qb.baseAddress { capture.recordQueryKey(layer: l, qkv: base) }
                }
            }
            progress?(l + 1)
        }
    }
}
