/// Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers"):
/// how much each input token reaches each position through all layers.
///
/// For every layer the heads are averaged, the identity is added (the residual connection) and
/// rows are renormalised to sum to 1; the rollout is the product of these matrices from the
/// first layer up: `R = Â_L · … · Â_2 · Â_1`.
///
/// ```swift
/// let flow = try tensor.rollout()              // all layers
/// let early = try tensor.rollout(layers: 0..<3)
/// ```
extension AttentionTensor {
    /// The rollout through `layers` (all by default). Needs square self-attention (queries == keys).
    public func rollout(layers: Range<Int>? = nil) throws(AttentionError) -> AttentionMatrix {
        try guardNotEmpty()
        guard shape.queries == shape.keys else {
            throw .shapeMismatch("rollout needs self-attention with as many queries as keys, got \(shape.queries)x\(shape.keys)")
        }
        let range = layers ?? 0..<shape.layers
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= shape.layers else {
            throw .invalidParameter("rollout layers \(range.lowerBound)..<\(range.upperBound) are outside 0..<\(shape.layers)")
        }
        var result: AttentionMatrix?
        for layer in range {
            var averaged = try reducedHeads(layer: layer, .mean)
            for i in 0..<averaged.rows { averaged[i, i] += 1 }
            let step = averaged.rowNormalized()
            result = result.map { step.multiplied(by: $0) } ?? step
        }
        // `range` is non-empty, so `result` is set.
        return result ?? AttentionMatrix(rows: 0, columns: 0, values: [])
    }
}

extension AttentionMatrix {
    /// The matrix product `self · other`; `columns` must equal `other.rows`.
    public func multiplied(by other: AttentionMatrix) -> AttentionMatrix {
        precondition(columns == other.rows, "matrix product of \(rows)x\(columns) and \(other.rows)x\(other.columns)")
        let n = other.columns
        var out = [Double](repeating: 0, count: rows * n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    for i in 0..<rows {
                        for k in 0..<columns {
                            let aik = Double(a[i * columns + k])
                            if aik == 0 { continue }
                            let bRow = k * n
                            let cRow = i * n
                            for j in 0..<n { c[cRow + j] += aik * Double(b[bRow + j]) }
                        }
                    }
                }
            }
        }
        return AttentionMatrix(rows: rows, columns: n, values: out.map { Float($0) })
    }
}
