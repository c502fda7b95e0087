/// What storing queries and keys as float16 costs in weights.
///
/// ```swift
/// let error = try factored.halfPrecisionError(rowStep: 8)   // largest |w16 − w32| over every 8th row
/// ```
extension FactoredAttention {
    /// The same attention with queries and keys rounded to float16 (normalisers kept).
    public func roundedToHalf() throws(AttentionError) -> FactoredAttention {
        func round(_ t: AttentionTensor) throws(AttentionError) -> AttentionTensor {
            try AttentionTensor(shape: t.shape.dimensions, values: t.allValues().map { ScalarType.floatFromHalf(ScalarType.halfFromFloat($0)) })
        }
        return try FactoredAttention(queries: round(queries), keys: round(keys), logSumExp: logSumExp, parameters: parameters)
    }

    /// The largest difference between this attention's weights and those of its float16
    /// rounding, over every head and every `rowStep`-th query row (all rows with 1).
    public func halfPrecisionError(rowStep: Int = 1) throws(AttentionError) -> Float {
        let half = try roundedToHalf()
        let step = Swift.max(1, rowStep)
        var worst: Float = 0
        for l in 0..<layers {
            for h in 0..<heads {
                let rows = Array(stride(from: 0, to: sequence, by: step))
                let exact = try block(layer: l, head: h, rows: rows, columns: 0..<sequence)
                let rounded = try half.block(layer: l, head: h, rows: rows, columns: 0..<sequence)
                for (a, b) in zip(exact, rounded) { worst = Swift.max(worst, abs(a - b)) }
            }
        }
        return worst
    }
}
