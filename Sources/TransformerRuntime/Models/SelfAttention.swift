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
        let stride = 3 * hidden
        for h in 0..<heads {
            let q = qkv + h * d
            let k = qkv + hidden + h * d
            let v = qkv + 2 * hidden + h * d
            let p = probabilities + h * s * s
            BLAS.multiplyTransposed(q, lda: stride, k, ldb: stride, m: s, n: s, k: d, alpha: scale, into: p, ldc: s)
            Kernels.softmax(p, rows: s, columns: s, stride: s, validColumns: { causal ? $0 + 1 : s })
            BLAS.multiply(p, lda: s, v, ldb: stride, m: s, n: d, k: s, into: context + h * d, ldc: hidden)
        }
    }
}
