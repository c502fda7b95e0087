import Foundation

/// Attention kept as what it is computed from instead of its n² weights: each head's query and
/// key vectors (after RoPE and any q/k norm) and each softmax row's normaliser. Any weight is
/// then `exp(logit(q, k) − logSumExp[q])` with `logit = scale · q·k` (soft-capped as
/// `cap · tanh(logit / cap)` when the model caps), and zero where the mask hides the key
/// (`k > q` for causal attention, `k ≤ q − window` inside a sliding window).
///
/// A 2,048-token SmolLM2 run is 4.5 GB of Float32 weights and 36 MB of queries and keys; this
/// type computes only the heads (or rows) a command shows. `AttentionTensor(factored:)` puts it
/// behind the same type as stored weights.
///
/// ```swift
/// let factored = try FactoredAttention(queries: q, keys: k, logSumExp: lse, parameters: .init(scale: 0.125, causal: true))
/// let tensor = AttentionTensor(factored: factored)      // [layers, query heads, seq, seq]
/// let head = try tensor.matrix(layer: 3, head: 5)        // computed, 1 head
/// ```
public struct FactoredAttention: Sendable {
    /// How logits become weights.
    public struct Parameters: Sendable, Equatable {
        /// Multiplies `q·k` (usually `1/√head size`).
        public var scale: Float
        /// Whether query `i` sees only keys `0...i`.
        public var causal: Bool
        /// Per layer, the sliding window (query `i` sees keys `i − window + 1 ... i`), or `nil`
        /// where the layer sees every allowed key. Empty means no layer has a window.
        public var slidingWindows: [Int?]
        /// Attention logit soft-capping (Gemma 2), or `nil`.
        public var softCap: Float?

        /// Parameters; only `scale` is required.
        public init(scale: Float, causal: Bool, slidingWindows: [Int?] = [], softCap: Float? = nil) {
            self.scale = scale
            self.causal = causal
            self.slidingWindows = slidingWindows
            self.softCap = softCap
        }
    }

    /// `[layers, query heads, sequence, head size]`.
    public let queries: AttentionTensor
    /// `[layers, key/value heads, sequence, head size]`; query head `h` uses key head `h / groupSize`.
    public let keys: AttentionTensor
    /// `[layers, query heads, sequence]` row-major: each softmax row's log-sum-exp of its logits.
    public let logSumExp: [Float]
    /// How logits become weights.
    public let parameters: Parameters

    /// Layers.
    public var layers: Int { queries.shape.heads == 0 ? 0 : queries.shape.layers }
    /// Query heads (the heads the attention has).
    public var heads: Int { queries.shape.heads }
    /// Tokens (both axes).
    public var sequence: Int { queries.shape.queries }
    /// Length of each query and key vector.
    public var headSize: Int { queries.shape.keys }
    /// Query heads per key/value head.
    public var groupSize: Int { keys.shape.heads == 0 ? 1 : heads / keys.shape.heads }

    /// Checks that the parts agree: same layers, sequence and head size; query heads a multiple
    /// of key heads; one normaliser per query row; one window entry per layer (or none).
    public init(queries: AttentionTensor, keys: AttentionTensor, logSumExp: [Float], parameters: Parameters) throws(AttentionError) {
        let q = queries.shape, k = keys.shape
        guard q.layers == k.layers, q.queries == k.queries, q.keys == k.keys else {
            throw .shapeMismatch("queries \(q.dimensions) and keys \(k.dimensions) must agree in layers, sequence and head size")
        }
        guard k.heads > 0, q.heads % k.heads == 0 else {
            throw .shapeMismatch("\(q.heads) query heads are not a multiple of \(k.heads) key heads")
        }
        guard logSumExp.count == q.layers * q.heads * q.queries else {
            throw .shapeMismatch("logsumexp has \(logSumExp.count) values; [\(q.layers), \(q.heads), \(q.queries)] needs \(q.layers * q.heads * q.queries)")
        }
        guard parameters.scale.isFinite, parameters.scale > 0 else { throw .invalidParameter("scale \(parameters.scale) must be a positive number") }
        guard parameters.slidingWindows.isEmpty || parameters.slidingWindows.count == q.layers else {
            throw .shapeMismatch("\(parameters.slidingWindows.count) sliding windows for \(q.layers) layers")
        }
        guard parameters.slidingWindows.allSatisfy({ ($0 ?? 1) >= 1 }) else { throw .invalidParameter("a sliding window must be at least 1") }
        if let cap = parameters.softCap { guard cap.isFinite, cap > 0 else { throw .invalidParameter("soft cap \(cap) must be a positive number") } }
        self.queries = queries
        self.keys = keys
        self.logSumExp = logSumExp
        self.parameters = parameters
    }

    /// Whether query `q` sees key `k` in `layer`.
    @inline(__always)
    public func sees(layer: Int, query q: Int, key k: Int) -> Bool {
        if parameters.causal && k > q { return false }
        if !parameters.slidingWindows.isEmpty, let window = parameters.slidingWindows[layer], k <= q - window { return false }
        return true
    }

    /// The weight from the logit of a visible pair.
    @inline(__always)
    func weight(dot: Float, normaliser: Float) -> Float {
        var logit = dot * parameters.scale
        if let cap = parameters.softCap { logit = cap * tanh(logit / cap) }
        return exp(logit - normaliser)
    }

    /// One weight, computed from its query and key vectors.
    public func value(layer: Int, head: Int, query q: Int, key k: Int) -> Float {
        guard sees(layer: layer, query: q, key: k) else { return 0 }
        var dot: Float = 0
        for d in 0..<headSize {
            dot += queries.value(layer: layer, head: head, query: q, key: d) * keys.value(layer: layer, head: head / groupSize, query: k, key: d)
        }
        return weight(dot: dot, normaliser: logSumExp[(layer * heads + head) * sequence + q])
    }

    /// Rows `rows` and columns `columns` of one head's weights, row-major: only the vectors
    /// those cells need are read.
    public func block(layer: Int, head: Int, rows: Range<Int>, columns: Range<Int>) throws(AttentionError) -> [Float] {
        try block(layer: layer, head: head, rows: Array(rows), columns: columns)
    }

    /// The given query rows (any order) of one head's weights over `columns`, row-major; the
    /// head's vectors are read once for all of them.
    func block(layer: Int, head: Int, rows: [Int], columns: Range<Int>) throws(AttentionError) -> [Float] {
        let qs = try queries.matrix(layer: layer, head: head).values
        let ks = try keys.matrix(layer: layer, head: head / groupSize).values
        let d = headSize, lse = (layer * heads + head) * sequence
        var out = [Float](repeating: 0, count: rows.count * columns.count)
        qs.withUnsafeBufferPointer { q in
            ks.withUnsafeBufferPointer { k in
                out.withUnsafeMutableBufferPointer { o in
                    for (r, i) in rows.enumerated() {
                        let normaliser = logSumExp[lse + i]
                        for (c, j) in columns.enumerated() where sees(layer: layer, query: i, key: j) {
                            var dot: Float = 0
                            for e in 0..<d { dot += q[i * d + e] * k[j * d + e] }
                            o[r * columns.count + c] = weight(dot: dot, normaliser: normaliser)
                        }
                    }
                }
            }
        }
        return out
    }

    /// One head's whole `sequence × sequence` matrix.
    public func matrix(layer: Int, head: Int) throws(AttentionError) -> AttentionMatrix {
        AttentionMatrix(rows: sequence, columns: sequence,
                        values: try block(layer: layer, head: head, rows: 0..<sequence, columns: 0..<sequence))
    }

    /// Bytes the factors take where they are stored.
    public var storedByteCount: Int { queries.storedByteCount + keys.storedByteCount + logSumExp.count * 4 }
}
