import Foundation

/// Multi-head scaled dot-product attention, writing each head's probabilities straight into the
/// captured attention tensor. Queries, keys and values are read in place from the projection
/// output (BERT's and GPT-2's fused `[seq, 3 * hidden]`, or a Llama layer's `[seq, (H + 2·KV) · d]`),
/// and grouped-query attention maps query head `h` to key/value head `h / (heads / kvHeads)`.
///
/// ```swift
/// SelfAttention.run(qkv: qkv, sequence: s, heads: 12, headSize: 32, scale: 1 / 32.squareRoot(),
///                   causal: false, probabilities: attention + layer * 12 * s * s, context: context)
/// ```
enum SelfAttention {
    /// Where one layer's projections are: row `t`'s head `h` starts at `queries + t * rowStride + h * headSize`
    /// (and likewise for key/value head `g` in `keys` and `values`).
    struct Layout: @unchecked Sendable {
        var queries: UnsafePointer<Float>
        var keys: UnsafePointer<Float>
        var values: UnsafePointer<Float>
        var rowStride: Int
        var heads: Int
        var kvHeads: Int
        var headSize: Int

        /// The query heads that share one key/value head.
        var group: Int { heads / kvHeads }
    }

    /// Which keys each query sees.
    struct Mask: Sendable {
        /// Only keys at or before the query.
        var causal: Bool
        /// With `causal`, at most this many keys, the query's own included (Mistral's sliding window).
        var window: Int? = nil
    }

    /// Attention over a fused `[seq, 3 * hidden]` buffer with as many key/value heads as query heads.
    static func run(
        qkv: UnsafePointer<Float>, sequence s: Int, heads: Int, headSize d: Int, scale: Float, causal: Bool,
        probabilities: UnsafeMutablePointer<Float>?, logSumExp: UnsafeMutablePointer<Float>? = nil, context: UnsafeMutablePointer<Float>
    ) {
        let hidden = heads * d
        let layout = Layout(queries: qkv, keys: qkv + hidden, values: qkv + 2 * hidden, rowStride: 3 * hidden,
                            heads: heads, kvHeads: heads, headSize: d)
        run(layout, sequence: s, scale: scale, mask: Mask(causal: causal), probabilities: probabilities, logSumExp: logSumExp,
            context: context)
    }

    /// Attention for every query head of `layout`; `context` receives `[seq, heads * headSize]`.
    /// With `softCap`, scaled scores become `cap · tanh(score / cap)` before masking (Gemma 2).
    /// `probabilities` (`[heads, seq, seq]`) receives the weights; without it they live only in a
    /// block-sized scratch buffer per head (factored runs). `logSumExp` (`[heads, seq]`) receives
    /// each row's softmax normaliser.
    static func run(
        _ layout: Layout, sequence s: Int, scale: Float, softCap: Float? = nil, mask: Mask,
        probabilities: UnsafeMutablePointer<Float>?, logSumExp: UnsafeMutablePointer<Float>? = nil,
        context: UnsafeMutablePointer<Float>
    ) {
        // Blocks of query rows of every head are independent: the workers take them in turn,
        // a head's blocks one after another (its keys and values stay in cache). Whole heads as
        // tasks would leave one core idle for the last of SmolLM2's nine heads.
        let p = probabilities.map { UnsafeSendable(UnsafePointer($0)) }, c = UnsafeSendable(UnsafePointer(context))
        let n = logSumExp.map { UnsafeSendable(UnsafePointer($0)) }
        let block = blockRows(sequence: s)
        let blocks = (s + block - 1) / block
        Workers.run(layout.heads * blocks) { task in
            let first = (task % blocks) * block
            rows(first..<Swift.min(s, first + block), head: task / blocks, layout, sequence: s, scale: scale, softCap: softCap,
                 mask: mask, probabilities: p.map { UnsafeMutablePointer(mutating: $0.pointer) },
                 logSumExp: n.map { UnsafeMutablePointer(mutating: $0.pointer) },
                 context: UnsafeMutablePointer(mutating: c.pointer))
        }
    }

    /// `cap · tanh(x / cap)` over `count` scores, in place.
    static func softCap(_ scores: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
        for i in 0..<count { scores[i] = cap * tanhf(scores[i] / cap) }
    }

    /// Query rows per block: one block's scores fill `blockBytes`.
    static func blockRows(sequence s: Int) -> Int { Swift.max(16, blockBytes / (s * MemoryLayout<Float>.stride)) }

    /// One block of query rows of head `h`: scores, softmax into the captured probabilities,
    /// context columns, so the block's probabilities are still in cache when they are multiplied
    /// by the values. Causal blocks skip the keys no row of theirs may see.
    private static func rows(
        _ queryRows: Range<Int>, head h: Int, _ layout: Layout, sequence s: Int, scale: Float, softCap cap: Float?, mask: Mask,
        probabilities: UnsafeMutablePointer<Float>?, logSumExp: UnsafeMutablePointer<Float>?, context: UnsafeMutablePointer<Float>
    ) {
        let d = layout.headSize
        let stride = layout.rowStride
        let kvHead = h / layout.group
        let q = layout.queries + h * d
        let k = layout.keys + kvHead * d
        let v = layout.values + kvHead * d
        let contextStride = layout.heads * d
        let first = queryRows.lowerBound, rows = queryRows.count
        let keys = mask.causal ? first + rows : s
        // Without a probabilities target, the block's scores live in scratch space.
        let scratch: UnsafeMutablePointer<Float>? = probabilities == nil ? .allocate(capacity: rows * s) : nil
        defer { scratch?.deallocate() }
        guard let scores = probabilities.map({ $0 + (h * s + first) * s }) ?? scratch else { return }
        BLAS.multiplyTransposed(q + first * stride, lda: stride, k, ldb: stride, m: rows, n: keys, k: d, alpha: scale,
                                into: scores, ldc: s)
        if let cap {
            for r in 0..<rows { softCap(scores + r * s, count: keys, cap: cap) }
        }
        if mask.causal, let window = mask.window {
            // Keys more than `window - 1` positions back get probability exactly 0 (exp(-∞)).
            for r in 0..<rows {
                let hidden = Swift.min(keys, Swift.max(0, first + r - window + 1))
                (scores + r * s).update(repeating: -.infinity, count: hidden)
            }
        }
        Kernels.softmax(scores, rows: rows, columns: s, stride: s, causalOffset: mask.causal ? first : nil,
                        logSumExp: logSumExp.map { $0 + h * s + first })
        BLAS.multiply(scores, lda: s, v, ldb: stride, m: rows, n: d, k: keys, into: context + first * contextStride + h * d,
                      ldc: contextStride)
    }

    /// Size of one block of scores: half of a 512 KiB L2 cache.
    static let blockBytes = 256 << 10
}
