import Dispatch

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
        // Heads are independent: with several threads, run them side by side, each product
        // single-threaded (OpenBLAS serves concurrent callers).
        let threads = BLAS.threadCount
        if threads > 1 && heads > 1 {
            let blasThreads = threads
            BLAS.threadCount = 1
            defer { BLAS.threadCount = blasThreads }
            let q = UnsafeSendable(qkv), p = UnsafeSendable(UnsafePointer(probabilities)), c = UnsafeSendable(UnsafePointer(context))
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                for h in Swift.stride(from: worker, to: heads, by: threads) {
                    head(h, qkv: q.pointer, sequence: s, headSize: d, hidden: hidden, scale: scale, causal: causal,
                         probabilities: UnsafeMutablePointer(mutating: p.pointer), context: UnsafeMutablePointer(mutating: c.pointer))
                }
            }
            return
        }
        for h in 0..<heads {
            head(h, qkv: qkv, sequence: s, headSize: d, hidden: hidden, scale: scale, causal: causal,
                 probabilities: probabilities, context: context)
        }
    }

    /// One head: scores, softmax (into the captured probabilities), context columns.
    private static func head(
        _ h: Int, qkv: UnsafePointer<Float>, sequence s: Int, headSize d: Int, hidden: Int, scale: Float, causal: Bool,
        probabilities: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>
    ) {
        let stride = 3 * hidden
        let q = qkv + h * d
        let k = qkv + hidden + h * d
        let v = qkv + 2 * hidden + h * d
        let p = probabilities + h * s * s
        BLAS.multiplyTransposed(q, lda: stride, k, ldb: stride, m: s, n: s, k: d, alpha: scale, into: p, ldc: s)
        Kernels.softmax(p, rows: s, columns: s, stride: s, validColumns: { causal ? $0 + 1 : s })
        BLAS.multiply(p, lda: s, v, ldb: stride, m: s, n: d, k: s, into: context + h * d, ldc: hidden)
    }
}

/// A pointer handed to worker threads that write disjoint parts of what it points to.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}
