/// One generated token through a Llama-family decoder with a `KVCache`, and the output head
/// that turns a hidden state into next-token logits.
///
/// ```swift
/// let head = try decoder.outputHead()
/// var hidden = decoder.forward(ids: prompt, capture: &scratch, cache: &cache, progress: nil)
/// let logits = decoder.logits(hidden, head: head)
/// hidden = decoder.step(token: next, position: prompt.count, cache: &cache, rope: rope)
/// ```
extension LlamaDecoder {
    /// `lm_head.weight`, or the input embedding when the model ties them.
    func outputHead() throws(RuntimeError) -> WeightMatrix {
        let shape = [config.vocabularySize, config.hiddenSize]
        if !config.tieWordEmbeddings || store.contains("lm_head.weight") {
            return try store.matrix("lm_head.weight", shape: shape)
        }
        return try store.matrix("model.embed_tokens.weight", shape: shape)
    }

    /// Next-token logits from a hidden state (the final norm, then the output head, then Gemma 2's
    /// soft cap).
    func logits(_ hidden: [Float], head: WeightMatrix) -> [Float] {
        let h = config.hiddenSize
        var normed = [Float](repeating: 0, count: h)
        var logits = [Float](repeating: 0, count: config.vocabularySize)
        hidden.withUnsafeBufferPointer { x in
        normed.withUnsafeMutableBufferPointer { n in
        logits.withUnsafeMutableBufferPointer { out in
            guard let x = x.baseAddress, let n = n.baseAddress, let out = out.baseAddress else { return }
            finalNorm.apply(x, rows: 1, into: n)
            head.withFloats { weight in
                BLAS.linear(n, rows: 1, inputs: h, weight: weight, bias: nil, outputs: config.vocabularySize,
                            weightLayout: .outputsByInputs, into: out, stride: config.vocabularySize)
            }
            if let cap = config.finalLogitSoftCap { SelfAttention.softCap(out, count: config.vocabularySize, cap: cap) }
        }}}
        return logits
    }

    /// Runs token `token` at `position` (the cache holds every earlier position), stores its keys
    /// and values, and returns its hidden state.
    func step(token: Int, position p: Int, cache: inout KVCache, rope: RotaryEmbedding) -> [Float] {
        let h = config.hiddenSize
        let heads = config.heads
        let kvHeads = config.kvHeads
        let d = config.headSize
        let width = projectionWidth
        let kvWidth = kvHeads * d
        let group = heads / kvHeads
        let scale = attentionScale
        var x = [Float](repeating: 0, count: h)
        var normed = x
        var qkv = [Float](repeating: 0, count: width)
        var context = [Float](repeating: 0, count: heads * d)
        var scores = [Float](repeating: 0, count: p + 1)
        var gateUp = [Float](repeating: 0, count: 2 * config.intermediateSize)
        x.withUnsafeMutableBufferPointer { $0.baseAddress.map { embed(token, into: $0) } }
        for (l, layer) in layers.enumerated() {
            let first = layer.window.map { max(0, p - $0 + 1) } ?? 0
            let visible = p + 1 - first
            x.withUnsafeMutableBufferPointer { xb in
            normed.withUnsafeMutableBufferPointer { nb in
            qkv.withUnsafeMutableBufferPointer { qb in
            context.withUnsafeMutableBufferPointer { cb in
            scores.withUnsafeMutableBufferPointer { sb in
            gateUp.withUnsafeMutableBufferPointer { gb in
                guard let x = xb.baseAddress, let normed = nb.baseAddress, let qkv = qb.baseAddress,
                      let context = cb.baseAddress, let scores = sb.baseAddress, let gateUp = gb.baseAddress else { return }
                project(layer, x, rows: 1, firstPosition: p, rope: rope, normed: normed, qkv: qkv)
                let layout = layout(qkv)
                cache.store(layer: l, position: p, keys: layout.keys, values: layout.values)
                cache.withLayer(l) { keys, values in
                    for head in 0..<heads {
                        let g = head / group
                        BLAS.multiplyTransposed(qkv + head * d, lda: d, keys + first * kvWidth + g * d, ldb: kvWidth,
                                                m: 1, n: visible, k: d, alpha: scale, into: scores, ldc: visible)
                        if let cap = config.attentionSoftCap { SelfAttention.softCap(scores, count: visible, cap: cap) }
                        Kernels.softmax(scores, rows: 1, columns: visible, stride: visible, causalOffset: nil)
                        BLAS.multiply(scores, lda: visible, values + first * kvWidth + g * d, ldb: kvWidth,
                                      m: 1, n: d, k: visible, into: context + head * d, ldc: heads * d)
                    }
                }
                finish(layer, x, context: context, rows: 1, normed: normed, gateUp: gateUp)
            }}}}}}
        }
        cache.count = p + 1
        return x
    }
}
