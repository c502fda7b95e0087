/// A Llama-family decoder (Llama 2/3, SmolLM2, Mistral, Qwen2/3, Phi-3, Gemma 2), driven by the
/// configuration's switches: token embedding (scaled for Gemma), then pre-norm layers of RMSNorm →
/// grouped-query causal attention with rotary positions (optional q/k/v biases, per-head q/k norms,
/// partial rotary dimensions, soft-capped scores, a sliding window on all or some layers) →
/// (Gemma: RMSNorm) → residual → RMSNorm → SwiGLU or GeGLU feed-forward → (Gemma: RMSNorm) →
/// residual.
///
/// ```swift
/// let decoder = try LlamaDecoder(config: config, store: store)
/// decoder.forward(ids: ids, capture: &capture, progress: nil)
/// ```
struct LlamaDecoder: Sendable {
    struct Layer: Sendable {
        var attentionNorm: RMSNorm
        /// Query, key and value projections stacked: outputs `[H·d | KV·d | KV·d]` (Phi-3 stores
        /// them so, as `qkv_proj`).
        var queryKeyValue: Linear
        /// Qwen3's RMSNorm over each query head and each key head, before rotation.
        var queryNorm: RMSNorm?
        var keyNorm: RMSNorm?
        var output: Linear
        /// Gemma 2's norm of the attention output, before the residual.
        var postAttentionNorm: RMSNorm?
        var feedForwardNorm: RMSNorm
        /// Gate and up projections stacked: outputs `[I | I]` (Phi-3's `gate_up_proj`).
        var gateUp: Linear
        var down: Linear
        /// Gemma 2's norm of the feed-forward output, before the residual.
        var postFeedForwardNorm: RMSNorm?
        /// Keys a query of this layer may see at most (its own included), or `nil` for all.
        var window: Int?
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
        let offset = config.normWeightOffset
        embeddings = try EmbeddingTable(store, "model.embed_tokens.weight", rows: config.vocabularySize, width: h)
        var layers = [Layer]()
        for l in 0..<config.layers {
            let p = "model.layers.\(l)."
            func linear(_ name: String, inputs: Int, outputs: Int, bias: Bool) throws(RuntimeError) -> Linear {
                try Linear(store, p + name, inputs: inputs, outputs: outputs, layout: .outputsByInputs, hasBias: bias)
            }
            func norm(_ name: String, width: Int = h) throws(RuntimeError) -> RMSNorm {
                try RMSNorm(store, p + name, width: width, epsilon: eps, offset: offset)
            }
            let queryKeyValue: Linear
            let gateUp: Linear
            if config.architecture == .phi3 {
                queryKeyValue = try linear("self_attn.qkv_proj", inputs: h, outputs: (config.heads + 2 * config.kvHeads) * d,
                                           bias: config.attentionBias)
                gateUp = try linear("mlp.gate_up_proj", inputs: h, outputs: 2 * i, bias: config.feedForwardBias)
            } else {
                let q = try linear("self_attn.q_proj", inputs: h, outputs: config.heads * d, bias: config.attentionBias)
                let k = try linear("self_attn.k_proj", inputs: h, outputs: config.kvHeads * d, bias: config.attentionBias)
                let v = try linear("self_attn.v_proj", inputs: h, outputs: config.kvHeads * d, bias: config.attentionBias)
                queryKeyValue = Linear(stacking: [q, k, v])
                let gate = try linear("mlp.gate_proj", inputs: h, outputs: i, bias: config.feedForwardBias)
                let up = try linear("mlp.up_proj", inputs: h, outputs: i, bias: config.feedForwardBias)
                gateUp = Linear(stacking: [gate, up])
            }
            let sandwich = config.sandwichNorms
            layers.append(Layer(
                attentionNorm: try norm("input_layernorm"),
                queryKeyValue: queryKeyValue,
                queryNorm: config.queryKeyNorm ? try norm("self_attn.q_norm", width: d) : nil,
                keyNorm: config.queryKeyNorm ? try norm("self_attn.k_norm", width: d) : nil,
                output: try linear("self_attn.o_proj", inputs: config.heads * d, outputs: h, bias: config.outputBias),
                postAttentionNorm: sandwich ? try norm("post_attention_layernorm") : nil,
                feedForwardNorm: try norm(sandwich ? "pre_feedforward_layernorm" : "post_attention_layernorm"),
                gateUp: gateUp,
                down: try linear("mlp.down_proj", inputs: i, outputs: h, bias: config.feedForwardBias),
                postFeedForwardNorm: sandwich ? try norm("post_feedforward_layernorm") : nil,
                window: config.window(layer: l)))
        }
        let next = "model.layers.\(config.layers)."
        if store.contains(next + "self_attn.q_proj.weight") || store.contains(next + "self_attn.qkv_proj.weight") {
            throw .file(path: store.path, problem: "has more layers than the \(config.layers) config.json declares")
        }
        self.layers = layers
        finalNorm = try RMSNorm(store, "model.norm", width: h, epsilon: eps, offset: offset)
    }

    /// Floats per position of the stacked query, key and value projections.
    var projectionWidth: Int { (config.heads + 2 * config.kvHeads) * config.headSize }

    /// Factor on query·key scores.
    var attentionScale: Float { config.attentionScale ?? 1 / Float(config.headSize).squareRoot() }

    /// Where the heads are in one layer's stacked projections (`projectionWidth` floats per row).
    func layout(_ qkv: UnsafePointer<Float>) -> SelfAttention.Layout {
        let d = config.headSize
        return SelfAttention.Layout(queries: qkv, keys: qkv + config.heads * d, values: qkv + (config.heads + config.kvHeads) * d,
                                    rowStride: projectionWidth, heads: config.heads, kvHeads: config.kvHeads, headSize: d)
    }

    /// Adds token `id`'s embedding (scaled, for Gemma) to `row`.
    func embed(_ id: Int, into row: UnsafeMutablePointer<Float>) {
        embeddings.add(row: id, to: row)
        if let scale = config.embeddingScale {
            for k in 0..<config.hiddenSize { row[k] *= scale }
        }
    }

    /// A layer's work before attention for `rows` positions from `firstPosition`: the norm, the
    /// stacked projections into `qkv` (`projectionWidth` per row), the per-head q/k norms, rotation.
    func project(
        _ layer: Layer, _ x: UnsafePointer<Float>, rows: Int, firstPosition: Int, rope: RotaryEmbedding,
        normed: UnsafeMutablePointer<Float>, qkv: UnsafeMutablePointer<Float>
    ) {
        let width = projectionWidth, d = config.headSize
        layer.attentionNorm.apply(x, rows: rows, into: normed)
        layer.queryKeyValue.apply(normed, rows: rows, into: qkv, stride: width)
        if let queryNorm = layer.queryNorm, let keyNorm = layer.keyNorm {
            for t in 0..<rows {
                let row = qkv + t * width
                queryNorm.apply(row, rows: config.heads, into: row)
                keyNorm.apply(row + config.heads * d, rows: config.kvHeads, into: row + config.heads * d)
            }
        }
        // Queries and keys are rotated in place: heads + kvHeads consecutive head vectors.
        rope.apply(to: qkv, rowStride: width, heads: config.heads + config.kvHeads, headSize: d, rows: rows,
                   firstPosition: firstPosition)
    }

    /// A layer's work after attention for `rows` positions: the output projection (and Gemma's
    /// norm) added to `x`, then the gated feed-forward (and Gemma's norm) added to `x`.
    /// `normed` holds `rows · hidden` floats, `gateUp` `rows · 2 · intermediate`.
    func finish(
        _ layer: Layer, _ x: UnsafeMutablePointer<Float>, context: UnsafePointer<Float>, rows: Int,
        normed: UnsafeMutablePointer<Float>, gateUp: UnsafeMutablePointer<Float>
    ) {
        let h = config.hiddenSize, inner = config.intermediateSize
        layer.output.apply(context, rows: rows, into: normed, stride: h)
        layer.postAttentionNorm?.apply(normed, rows: rows, into: normed)
        for k in 0..<(rows * h) { x[k] += normed[k] }
        layer.feedForwardNorm.apply(x, rows: rows, into: normed)
        layer.gateUp.apply(normed, rows: rows, into: gateUp, stride: 2 * inner)
        // gate ← act(gate) · up, in place in each row's first half; then the down projection reads
        // those halves with a row stride of 2 · intermediate.
        for t in 0..<rows {
            let gate = gateUp + t * 2 * inner
            Kernels.activate(gate, count: inner, config.activation)
            let up = gate + inner
            for k in 0..<inner { gate[k] *= up[k] }
        }
        layer.down.apply(gateUp, rows: rows, inputStride: 2 * inner, into: normed, stride: h)
        layer.postFeedForwardNorm?.apply(normed, rows: rows, into: normed)
        for k in 0..<(rows * h) { x[k] += normed[k] }
    }

    /// Runs the decoder over `ids`, recording attention (and, if asked, rotated queries and keys)
    /// in `capture`. Nothing reads the hidden states after the last layer's attention, so its
    /// output projection and feed-forward are skipped (a thirtieth of SmolLM2's products).
    func forward(ids: [Int], capture: inout ForwardCapture, progress: ((Int) -> Void)?) {
        var noCache: KVCache? = nil
        _ = forward(ids: ids, capture: &capture, cache: &noCache, hiddenState: false, progress: progress)
    }

    /// The forward pass; fills `cache` with every layer's rotated keys and values when given, and
    /// returns the last position's hidden state (before the final norm), or, without
    /// `hiddenState`, an empty array and skips the work after the last layer's attention.
    func forward(
        ids: [Int], capture: inout ForwardCapture, cache: inout KVCache?, hiddenState: Bool = true, progress: ((Int) -> Void)?
    ) -> [Float] {
        let s = ids.count
        let h = config.hiddenSize
        let width = projectionWidth
        let rope = RotaryEmbedding(config: config, sequence: s)
        var x = [Float](repeating: 0, count: s * h)
        var normed = [Float](repeating: 0, count: s * h)
        var qkv = [Float](repeating: 0, count: s * width)
        var context = [Float](repeating: 0, count: s * config.heads * config.headSize)
        var gateUp = [Float](repeating: 0, count: s * 2 * config.intermediateSize)

        x.withUnsafeMutableBufferPointer { xb in
            guard let x = xb.baseAddress else { return }
            for t in 0..<s { embed(ids[t], into: x + t * h) }
        }

        for (l, layer) in layers.enumerated() {
            x.withUnsafeMutableBufferPointer { xb in
            normed.withUnsafeMutableBufferPointer { nb in
            qkv.withUnsafeMutableBufferPointer { qb in
            context.withUnsafeMutableBufferPointer { cb in
            gateUp.withUnsafeMutableBufferPointer { gb in
            capture.withTargets(layer: l) { probabilities, logSumExp in
                guard let x = xb.baseAddress, let normed = nb.baseAddress, let qkv = qb.baseAddress, let context = cb.baseAddress,
                      let gateUp = gb.baseAddress else { return }
                project(layer, x, rows: s, firstPosition: 0, rope: rope, normed: normed, qkv: qkv)
                let layout = layout(qkv)
                SelfAttention.run(layout, sequence: s, scale: attentionScale, softCap: config.attentionSoftCap,
                                  mask: SelfAttention.Mask(causal: true, window: layer.window),
                                  probabilities: probabilities, logSumExp: logSumExp, context: context)
                if cache != nil {
                    for t in 0..<s {
                        cache?.store(layer: l, position: t, keys: layout.keys + t * width, values: layout.values + t * width)
                    }
                }
                if hiddenState || l < layers.count - 1 {
                    finish(layer, x, context: context, rows: s, normed: normed, gateUp: gateUp)
                }
            }}}}}}
            if capture.queries != nil {
                qkv.withUnsafeBufferPointer { qb in
                    guard let base = qb.baseAddress else { return }
                    capture.recordQueryKey(layer: l, layout: layout(base))
                }
            }
            progress?(l + 1)
        }
        cache?.count = s
        return hiddenState ? Array(x[((s - 1) * h)..<(s * h)]) : []
    }
}
