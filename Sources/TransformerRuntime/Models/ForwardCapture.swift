/// What a forward pass records: every layer's attention probabilities `[layers, heads, seq, seq]`
/// and, when asked, every head's query and key vectors `[layers, heads, seq, headSize]`; or, to
/// keep attention factored, no probabilities at all but each softmax row's log-sum-exp
/// `[layers, heads, seq]`, the query vectors and the keys of each key/value head
/// `[layers, kvHeads, seq, headSize]`.
///
/// ```swift
/// var capture = ForwardCapture(layers: 6, heads: 12, sequence: 9, headSize: 32, queryKey: true)
/// var factored = ForwardCapture(layers: 30, heads: 9, kvHeads: 3, sequence: 2048, headSize: 64, keep: .factored)
/// ```
struct ForwardCapture {
    /// What the pass keeps of attention.
    enum Keep: Sendable {
        /// The probabilities (`attention`).
        case probabilities
        /// Queries, keys and normalisers, no probabilities.
        case factored
    }

    var attention: [Float]
    var queries: [Float]?
    var keys: [Float]?
    /// Each softmax row's normaliser, when factored.
    var logSumExp: [Float]?
    let layers: Int
    let heads: Int
    let kvHeads: Int
    let sequence: Int
    let headSize: Int
    let keep: Keep
    /// Whether `attention` keeps every layer; otherwise it is one layer's scratch space, reused
    /// (a pass that only needs the hidden states: the prefill before generation).
    let keepsEveryLayer: Bool

    init(layers: Int, heads: Int, kvHeads: Int? = nil, sequence: Int, headSize: Int, queryKey: Bool = false,
         keepsEveryLayer: Bool = true, keep: Keep = .probabilities) {
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads ?? heads
        self.sequence = sequence
        self.headSize = headSize
        self.keepsEveryLayer = keepsEveryLayer
        self.keep = keep
        switch keep {
        case .probabilities:
            attention = LargeBuffer.floats(count: (keepsEveryLayer ? layers : 1) * heads * sequence * sequence)
            if queryKey {
                queries = [Float](repeating: 0, count: layers * heads * sequence * headSize)
                keys = queries
            }
        case .factored:
            attention = []
            logSumExp = [Float](repeating: 0, count: layers * heads * sequence)
            queries = [Float](repeating: 0, count: layers * heads * sequence * headSize)
            keys = [Float](repeating: 0, count: layers * (kvHeads ?? heads) * sequence * headSize)
        }
    }

    /// Where `layer`'s probabilities start in `attention`.
    func attentionOffset(layer: Int) -> Int { keepsEveryLayer ? layer * heads * sequence * sequence : 0 }

    /// Calls `body` with where `layer`'s attention goes: its probabilities `[heads, seq, seq]`
    /// (`nil` when factored) and its rows' log-sum-exp `[heads, seq]` (`nil` unless factored).
    mutating func withTargets<R>(
        layer: Int, _ body: (UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) -> R
    ) -> R {
        switch keep {
        case .probabilities:
            let offset = attentionOffset(layer: layer)
            return attention.withUnsafeMutableBufferPointer { body($0.baseAddress.map { $0 + offset }, nil) }
        case .factored:
            guard var lse = logSumExp else { return body(nil, nil) }
            logSumExp = nil   // keep `lse` uniquely referenced: no copy on write
            defer { logSumExp = lse }
            let offset = layer * heads * sequence
            return lse.withUnsafeMutableBufferPointer { body(nil, $0.baseAddress.map { $0 + offset }) }
        }
    }

    /// Copies the query and key columns of a fused `[seq, 3 * hidden]` buffer for `layer`.
    mutating func recordQueryKey(layer: Int, qkv: UnsafePointer<Float>) {
        let hidden = heads * headSize
        recordQueryKey(layer: layer, layout: SelfAttention.Layout(
            queries: qkv, keys: qkv + hidden, values: qkv + 2 * hidden, rowStride: 3 * hidden,
            heads: heads, kvHeads: heads, headSize: headSize))
    }

    /// Copies each query head's query vectors and, for `layer`, the key vectors: per query head
    /// (its key/value head's, under grouped-query attention) when keeping probabilities, per
    /// key/value head when factored.
    mutating func recordQueryKey(layer: Int, layout: SelfAttention.Layout) {
        func copy(_ target: inout [Float]?, from source: UnsafePointer<Float>, count: Int, headOf: (Int) -> Int) {
            guard var values = target else { return }
            target = nil   // keep `values` uniquely referenced: no copy on write
            values.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for h in 0..<count {
                    for t in 0..<sequence {
                        let destination = base + ((layer * count + h) * sequence + t) * headSize
                        destination.update(from: source + t * layout.rowStride + headOf(h) * headSize, count: headSize)
                    }
                }
            }
            target = values
        }
        copy(&queries, from: layout.queries, count: heads) { $0 }
        if keep == .factored {
            copy(&keys, from: layout.keys, count: layout.kvHeads) { $0 }
        } else {
            copy(&keys, from: layout.keys, count: heads) { $0 / layout.group }
        }
    }
}
