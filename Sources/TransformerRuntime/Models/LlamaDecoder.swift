/// A Llama-family decoder (Llama 2/3, SmolLM2, Mistral, Qwen2), driven by the configuration's
/// switches: token embedding, then pre-norm layers of RMSNorm → grouped-query causal attention
/// with rotary positions (optional q/k/v biases, optional sliding window) → RMSNorm → SwiGLU
/// feed-forward, each added to the residual stream.
///
/// ```swift
/// let decoder = try LlamaDecoder(config: config, store: store)
/// decoder.forward(ids: ids, capture: &capture, progress: nil)
/// ```
struct LlamaDecoder: Sendable {
    struct Layer: Sendable {
        var attentionNorm: RMSNorm
        /// Query, key and value projections stacked: outputs `[H·d | KV·d | KV·d]`.
        var queryKeyValue: Linear
        var output: Linear
        var feedForwardNorm: RMSNorm
        /// Gate and up projections stacked: outputs `[I | I]`.
        var gateUp: Linear
        var down: Linear
    }

    let config: ModelConfig
    let embeddings: EmbeddingTable
    let layers: [Layer]
    /// The norm before the output head (used only to predict tokens).
    let finalNorm: RMSNorm
    /// The weights, for loading the output head when generation needs it.
    let store: WeightStore

    init(config: ModelConfig, store: WeightStore) throws(RuntimeError) {
        self.config = config
        self.store = store
        let h = config.hiddenSize
        let d = config.headSize
        let i = config.intermediateSize
        let eps = config.layerNormEpsilon
        embeddings = try EmbeddingTable(store, "model.embed_tokens.weight", rows: config.vocabularySize, width: h)
        var layers = [Layer]()
        for l in 0..<config.layers {
            let p = "model.layers.\(l)."
            func linear(_ name: String, inputs: Int, outputs: Int, bias: Bool) throws(RuntimeError) -> Linear {
                try Linear(store, p + name, inputs: inputs, outputs: outputs, layout: .outputsByInputs, hasBias: bias)
            }
            let q = try linear("self_attn.q_proj", inputs: h, outputs: config.heads * d, bias: config.attentionBias)
            let k = try linear("self_attn.k_proj", inputs: h, outputs: config.kvHeads * d, bias: config.attentionBias)
            let v = try linear("self_attn.v_proj", inputs: h, outputs: config.kvHeads * d, bias: config.attentionBias)
            let gate = try linear("mlp.gate_proj", inputs: h, outputs: i, bias: config.feedForwardBias)
            let up = try linear("mlp.up_proj", inputs: h, outputs: i, bias: config.feedForwardBias)
            layers.append(Layer(
                attentionNorm: try RMSNorm(store, p + "input_layernorm", width: h, epsilon: eps),
                queryKeyValue: Linear(stacking: [q, k, v]),
                output: try linear("self_attn.o_proj", inputs: config.heads * d, outputs: h, bias: config.outputBias),
                feedForwardNorm: try RMSNorm(store, p + "post_attention_layernorm", width: h, epsilon: eps),
                gateUp: Linear(stacking: [gate, up]),
                down: try linear("mlp.down_proj", inputs: i, outputs: h, bias: config.feedForwardBias)))
        }
        if store.contains("model.layers.\(config.layers).self_attn.q_proj.weight") {
            throw .file(path: store.path, problem: "has more layers than the \(config.layers) config.json declares")
        }
        self.layers = layers
        finalNorm = try RMSNorm(store, "model.norm", width: h, epsilon: eps)
    }

    /// Floats per position of the stacked query, key and value projections.
    var projectionWidth: Int { (config.heads + 2 * config.kvHeads) * config.headSize }

    /// Where the heads are in one layer's stacked projections (`projectionWidth` floats per row).
    func layout(_ qkv: UnsafePointer<Float>) -> SelfAttention.Layout {
        let d = config.headSize
        return SelfAttention.Layout(queries: qkv, keys: qkv + config.heads * d, values: qkv + (config.heads + config.kvHeads) * d,
                                    rowStride: projectionWidth, heads: config.heads, kvHeads: config.kvHeads, headSize: d)
    }

    /// Runs the decoder over `ids`, recording attention (and, if asked, rotated queries and keys)
    /// in `capture`.
    func forward(ids: [Int], capture: inout ForwardCapture, progress: ((Int) -> Void)?) {
        var noCache: KVCache? = nil
        _ = forward(ids: ids, capture: &capture, cache: &noCache, progress: progress)
    }

    /// The forward pass; fills `cache` with every layer's rotated keys and values when given, and
    /// returns the last position's hidden state (before the final norm).
    func forward(ids: [Int], capture: inout ForwardCapture, cache: inout KVCache?, progress: ((Int) -> Void)?) -> [Float] {
        let s = ids.count
        let h = config.hiddenSize
        let heads = config.heads
        let kvHeads = config.kvHeads
        let d = config.headSize
        let inner = config.intermediateSize
        let width = projectionWidth
        let rope = RotaryEmbedding(config: config, sequence: s)
        let mask = SelfAttention.Mask(causal: true, window: config.slidingWindow)
        let scale = 1 / Float(d).squareRoot()
        var x = [Float](repeating: 0, count: s * h)
        var normed = [Float](repeating: 0, count: s * h)
        var qkv = [Float](repeating: 0, count: s * width)
        var context = [Float](repeating: 0, count: s * heads * d)
        var gateUp = [Float](repeating: 0, count: s * 2 * inner)
        var activated = [Float](repeating: 0, count: s * inner)

        x.withUnsafeMutableBufferPointer { xb in
            guard let x = xb.baseAddress else { return }
            for t in 0..<s { embeddings.add(row: ids[t], to: x + t * h) }
        }

        for (l, layer) in layers.enumerated() {
            let attentionOffset = capture.attentionOffset(layer: l)
            x.withUnsafeMutableBufferPointer { xb in
            normed.withUnsafeMutableBufferPointer { nb in
            qkv.withUnsafeMutableBufferPointer { qb in
            context.withUnsafeMutableBufferPointer { cb in
            gateUp.withUnsafeMutableBufferPointer { gb in
            activated.withUnsafeMutableBufferPointer { ab in
            capture.attention.withUnsafeMutableBufferPointer { pb in
                guard let x = xb.baseAddress, let normed = nb.baseAddress, let qkv = qb.baseAddress, let context = cb.baseAddress,
                      let gateUp = gb.baseAddress, let activated = ab.baseAddress, let probabilities = pb.baseAddress else { return }
                layer.attentionNorm.apply(x, rows: s, into: normed)
                layer.queryKeyValue.apply(normed, rows: s, into: qkv, stride: width)
                // Queries and keys are rotated in place: heads + kvHeads consecutive head vectors.
                rope.apply(to: qkv, rowStride: width, heads: heads + kvHeads, headSize: d, rows: s)
                let layout = layout(qkv)
                SelfAttention.run(layout, sequence: s, scale: scale, mask: mask,
                                  probabilities: probabilities + attentionOffset, context: context)
                if cache != nil {
                    for t in 0..<s {
                        cache?.store(layer: l, position: t, keys: layout.keys + t * width, values: layout.values + t * width)
                    }
                }
                layer.output.apply(context, rows: s, into: normed, stride: h)
                for k in 0..<(s * h) { x[k] += normed[k] }
                layer.feedForwardNorm.apply(x, rows: s, into: normed)
                layer.gateUp.apply(normed, rows: s, into: gateUp, stride: 2 * inner)
                for t in 0..<s {
                    let gate = gateUp + t * 2 * inner
                    Kernels.activate(gate, count: inner, .silu)
                    let up = gate + inner
                    let out = activated + t * inner
                    for k in 0..<inner { out[k] = gate[k] * up[k] }
                }
                layer.down.apply(activated, rows: s, into: normed, stride: h)
                for k in 0..<(s * h) { x[k] += normed[k] }
            }}}}}}}
            if capture.queries != nil {
                qkv.withUnsafeBufferPointer { qb in
                    guard let base = qb.baseAddress else { return }
                    capture.recordQueryKey(layer: l, layout: layout(base))
                }
            }
            progress?(l + 1)
        }
        cache?.count = s
        return Array(x[((s - 1) * h)..<(s * h)])
    }
}
