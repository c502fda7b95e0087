/// Multi-head scaled dot-product attention over a fused `[seq, 3 * hidden]` buffer of queries,
/// keys and values (the layout of both BERT's three projections and GPT-2's `c_attn`), writing
/// each head's probabilities straight into the captured attention tensor.
///
/// ```swift
/// SelfAttention.run(qkv: qkv, sequence: s, heads: 12, headSize: 32, scale: 1 / 32.squareRoot(),
///                   causal: false, probabilities: attention + layer * 12 * s * s, context: context)
/// ```
enum SelfAttention {
    static func run(
        qkv: UnsafePointer<Float>, sequence s: Int, heads: Int, headSize d: Int, scale: Float, causal: Bool,
        probabilities: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>
    ) {
        let hidden = heads * d
        // Heads are independent: the workers take them in turn.
        let q = UnsafeSendable(qkv), p = UnsafeSendable(UnsafePointer(probabilities)), c = UnsafeSendable(UnsafePointer(context))
        Workers.run(heads) { h in
            head(h, qkv: q.pointer, sequence: s, headSize: d, hidden: hidden, scale: scale, causal: causal,
                 probabilities: UnsafeMutablePointer(mutating: p.pointer), context: UnsafeMutablePointer(mutating: c.pointer))
        }
    }

    /// One head, a block of query rows at a time (scores, softmax into the captured
    /// probabilities, context columns), so each block's probabilities are still in cache when
    /// they are multiplied by the values. Causal blocks skip the keys no row of theirs may see.
    private static func head(
        _ h: Int, qkv: UnsafePointer<Float>, sequence s: Int, headSize d: Int, hidden: Int, scale: Float, causal: Bool,
        probabilities: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>
    ) {
        let stride = 3 * hidden
        let q = qkv + h * d
        let k = qkv + hidden + h * d
        let v = qkv + 2 * hidden + h * d
        let p = probabilities + h * s * s
        let block = Swift.max(16, blockBytes / (s * MemoryLayout<Float>.stride))
        for first in Swift.stride(from: 0, to: s, by: block) {
            let rows = Swift.min(block, s - first)
            let keys = causal ? first + rows : s
            let scores = p + first * s
            BLAS.multiplyTransposed(q + first * stride, lda: stride, k, ldb: stride, m: rows, n: keys, k: d, alpha: scale,
                                    into: scores, ldc: s)
            Kernels.softmax(scores, rows: rows, columns: s, stride: s, causalOffset: causal ? first : nil)
            BLAS.multiply(scores, lda: s, v, ldb: stride, m: rows, n: d, k: keys, into: context + first * hidden + h * d,
                          ldc: hidden)
        }
    }

    /// Size of one block of scores: half of a 512 KiB L2 cache.
    static let blockBytes = 256 << 10
}

/// A pointer handed to worker threads that write disjoint parts of what it points to.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}
