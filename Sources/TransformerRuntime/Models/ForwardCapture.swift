/// What a forward pass records: every layer's attention probabilities `[layers, heads, seq, seq]`
/// and, when asked, every head's query and key vectors `[layers, heads, seq, headSize]`.
///
/// ```swift
/// var capture = ForwardCapture(layers: 6, heads: 12, sequence: 9, headSize: 32, queryKey: true)
/// ```
struct ForwardCapture {
    var attention: [Float]
    var queries: [Float]?
    var keys: [Float]?
    let layers: Int
    let heads: Int
    let sequence: Int
    let headSize: Int
    /// Whether `attention` keeps every layer; otherwise it is one layer's scratch space, reused
    /// (a pass that only needs the hidden states: the prefill before generation).
    let keepsEveryLayer: Bool

    init(layers: Int, heads: Int, sequence: Int, headSize: Int, queryKey: Bool, keepsEveryLayer: Bool = true) {
        self.layers = layers
        self.heads = heads
        self.sequence = sequence
        self.headSize = headSize
        self.keepsEveryLayer = keepsEveryLayer
        attention = LargeBuffer.floats(count: (keepsEveryLayer ? layers : 1) * heads * sequence * sequence)
        if queryKey {
            queries = [Float](repeating: 0, count: layers * heads * sequence * headSize)
            keys = queries
        }
    }

    /// Where `layer`'s probabilities start in `attention`.
    func attentionOffset(layer: Int) -> Int { keepsEveryLayer ? layer * heads * sequence * sequence : 0 }

    /// Copies the query and key columns of a fused `[seq, 3 * hidden]` buffer for `layer`.
    mutating func recordQueryKey(layer: Int, qkv: UnsafePointer<Float>) {
        let hidden = heads * headSize
        recordQueryKey(layer: layer, layout: SelfAttention.Layout(
            queries: qkv, keys: qkv + hidden, values: qkv + 2 * hidden, rowStride: 3 * hidden,
            heads: heads, kvHeads: heads, headSize: headSize))
    }

    /// Copies each query head's query vectors and the key vectors it reads (its key/value
    /// head's, under grouped-query attention) for `layer`.
    mutating func recordQueryKey(layer: Int, layout: SelfAttention.Layout) {
        func copy(_ target: inout [Float]?, from source: UnsafePointer<Float>, headOf: (Int) -> Int) {
            guard var values = target else { return }
            target = nil   // keep `values` uniquely referenced: no copy on write
            values.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for h in 0..<heads {
                    for t in 0..<sequence {
                        let destination = base + ((layer * heads + h) * sequence + t) * headSize
                        destination.update(from: source + t * layout.rowStride + headOf(h) * headSize, count: headSize)
                    }
                }
            }
            target = values
        }
        copy(&queries, from: layout.queries) { $0 }
        copy(&keys, from: layout.keys) { $0 / layout.group }
    }
}
