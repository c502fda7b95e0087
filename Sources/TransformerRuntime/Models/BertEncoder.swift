/// A BERT-style encoder (BERT, MiniLM, RoBERTa, DistilBERT): embeddings, then post-norm
/// layers of bidirectional self-attention and a feed-forward block.
///
/// ```swift
/// let encoder = try BertEncoder(config: config, store: store)
/// var capture = ForwardCapture(layers: 6, heads: 12, sequence: ids.count, headSize: 32, queryKey: false)
/// encoder.forward(ids: ids, typeIds: types, capture: &capture, progress: nil)
/// ```
struct BertEncoder: Sendable {
    struct Layer: Sendable {
        /// Query, key and value projections as one `[3 * hidden, hidden]` product.
        var queryKeyValue: Linear
        var output: Linear
        var attentionNorm: LayerNorm
        var intermediate: Linear
        var feedForwardOutput: Linear
        var outputNorm: LayerNorm
    }

    let config: ModelConfig
    let words: EmbeddingTable
    let positions: EmbeddingTable
    let types: EmbeddingTable?
    let embeddingNorm: LayerNorm
    let layers: [Layer]

    init(config: ModelConfig, store: WeightStore) throws(RuntimeError) {
        self.config = config
        let h = config.hiddenSize
        let i = config.intermediateSize
        let eps = config.layerNormEpsilon
        let distil = config.architecture == .distilbert
        let candidates = distil ? ["", "distilbert."] : ["", "bert.", "roberta.", "model."]
        guard let prefix = candidates.first(where: { store.contains($0 + "embeddings.word_embeddings.weight") }) else {
            throw .missingWeight(path: store.path, tensor: "embeddings.word_embeddings.weight")
        }
        words = try EmbeddingTable(store, prefix + "embeddings.word_embeddings.weight", rows: config.vocabularySize, width: h)
        positions = try EmbeddingTable(store, prefix + "embeddings.position_embeddings.weight", rows: config.maxPositions, width: h)
        types = config.typeVocabularySize > 0
            ? try EmbeddingTable(store, prefix + "embeddings.token_type_embeddings.weight", rows: config.typeVocabularySize, width: h)
            : nil
        embeddingNorm = try LayerNorm(store, prefix + "embeddings.LayerNorm", width: h, epsilon: eps)
        var layers = [Layer]()
        let names = distil ? LayerWeightNames.distilbert : LayerWeightNames.bert
        for l in 0..<config.layers {
            let p = prefix + names.layerPrefix + "\(l)."
            layers.append(Layer(
                queryKeyValue: Linear(stacking: [
                    try Linear(store, p + names.query, inputs: h, outputs: h, layout: .outputsByInputs),
                    try Linear(store, p + names.key, inputs: h, outputs: h, layout: .outputsByInputs),
                    try Linear(store, p + names.value, inputs: h, outputs: h, layout: .outputsByInputs)]),
                output: try Linear(store, p + names.output, inputs: h, outputs: h, layout: .outputsByInputs),
                attentionNorm: try LayerNorm(store, p + names.attentionNorm, width: h, epsilon: eps),
                intermediate: try Linear(store, p + names.intermediate, inputs: h, outputs: i, layout: .outputsByInputs),
                feedForwardOutput: try Linear(store, p + names.feedForwardOutput, inputs: i, outputs: h, layout: .outputsByInputs),
                outputNorm: try LayerNorm(store, p + names.outputNorm, width: h, epsilon: eps)))
        }
        let nextLayer = distil ? "transformer.layer.\(config.layers).attention.q_lin.weight"
            : "encoder.layer.\(config.layers).attention.self.query.weight"
        if store.contains(prefix + nextLayer) {
            throw .file(path: store.path, problem: "has more layers than the \(config.layers) config.json declares")
        }
        self.layers = layers
    }

    /// Position index of token `t` (RoBERTa counts from past the padding id).
    func position(_ t: Int) -> Int {
        config.architecture == .roberta ? config.padTokenId + 1 + t : t
    }

    /// Runs the encoder over `ids`, recording attention in `capture`; ids and positions must be
    /// in range (checked by `TransformerModel`).
    func forward(ids: [Int], typeIds: [Int], capture: inout ForwardCapture, progress: ((Int) -> Void)?) {
        let s = ids.count
        let h = config.hiddenSize
        let heads = config.heads
        let d = config.headSize
        var x = [Float](repeating: 0, count: s * h)
        var qkv = [Float](repeating: 0, count: s * 3 * h)
        var context = [Float](repeating: 0, count: s * h)
        var projected = [Float](repeating: 0, count: s * h)
        var inner = [Float](repeating: 0, count: s * config.intermediateSize)
        let scale = 1 / Float(d).squareRoot()

        x.withUnsafeMutableBufferPointer { xb in
            guard let x = xb.baseAddress else { return }
            for t in 0..<s {
                words.add(row: ids[t], to: x + t * h)
                positions.add(row: position(t), to: x + t * h)
                types?.add(row: typeIds[t], to: x + t * h)
            }
            embeddingNorm.apply(x, rows: s)
        }

        for (l, layer) in layers.enumerated() {
            x.withUnsafeMutableBufferPointer { xb in
            qkv.withUnsafeMutableBufferPointer { qb in
            context.withUnsafeMutableBufferPointer { cb in
            projected.withUnsafeMutableBufferPointer { pb in
            inner.withUnsafeMutableBufferPointer { ib in
            capture.withTargets(layer: l) { probabilities, logSumExp in
                guard let x = xb.baseAddress, let qkv = qb.baseAddress, let context = cb.baseAddress,
                      let projected = pb.baseAddress, let inner = ib.baseAddress else { return }
                layer.queryKeyValue.apply(x, rows: s, into: qkv, stride: 3 * h)
                SelfAttention.run(qkv: qkv, sequence: s, heads: heads, headSize: d, scale: scale, causal: false,
                                  probabilities: probabilities, logSumExp: logSumExp, context: context)
                layer.output.apply(context, rows: s, into: projected, stride: h)
                layer.attentionNorm.apply(projected, rows: s, residual: x)           // projected = LN(attn + x)
                layer.intermediate.apply(projected, rows: s, into: inner, stride: config.intermediateSize,
                                          activation: config.activation)
                layer.feedForwardOutput.apply(inner, rows: s, into: x, stride: h)
                layer.outputNorm.apply(x, rows: s, residual: projected)              // x = LN(ffn + projected)
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

/// The tensor names of one encoder layer under BERT/RoBERTa/MiniLM and DistilBERT naming.
private struct LayerWeightNames {
    var layerPrefix, query, key, value, output, attentionNorm, intermediate, feedForwardOutput, outputNorm: String

    static let bert = LayerWeightNames(
        layerPrefix: "encoder.layer.", query: "attention.self.query", key: "attention.self.key",
        value: "attention.self.value", output: "attention.output.dense", attentionNorm: "attention.output.LayerNorm",
        intermediate: "intermediate.dense", feedForwardOutput: "output.dense", outputNorm: "output.LayerNorm")

    static let distilbert = LayerWeightNames(
        layerPrefix: "transformer.layer.", query: "attention.q_lin", key: "attention.k_lin",
        value: "attention.v_lin", output: "attention.out_lin", attentionNorm: "sa_layer_norm",
        intermediate: "ffn.lin1", feedForwardOutput: "ffn.lin2", outputNorm: "output_layer_norm")
}
