/// Scaling every row (query) so its weights sum to 1.
///
/// ```swift
/// let m = AttentionMatrix(rows: 1, columns: 2, values: [1, 3]).rowNormalized()  // [0.25, 0.75]
/// ```
extension AttentionMatrix {
    /// Each row divided by its sum. A row whose sum is zero (or not finite) is left unchanged,
    /// since there is no distribution to recover from it.
    public func rowNormalized() -> AttentionMatrix {
        var out = values
        for row in 0..<rows {
            let range = (row * columns)..<((row + 1) * columns)
            var sum: Double = 0
            for i in range { sum += Double(out[i]) }
            guard sum != 0, sum.isFinite else { continue }
            for i in range { out[i] = Float(Double(out[i]) / sum) }
        }
        return AttentionMatrix(rows: rows, columns: columns, values: out)
    }

    /// The sum of each row.
    public var rowSums: [Float] {
        values.withUnsafeBufferPointer { buffer in
            (0..<rows).map { row in
                var sum: Double = 0
                for i in (row * columns)..<((row + 1) * columns) { sum += Double(buffer[i]) }
                return Float(sum)
            }
        }
    }

    /// Whether every row sums to 1 within `tolerance`.
    public func rowsSumToOne(tolerance: Float = 1e-3) -> Bool {
        rowSums.allSatisfy { abs($0 - 1) <= tolerance }
    }
}

extension AttentionTensor {
    /// Every matrix of the tensor row-normalised, as a new in-memory tensor.
    public func rowNormalized() throws(AttentionError) -> AttentionTensor {
        var values = [Float]()
        values.reserveCapacity(shape.checkedElementCount ?? 0)
        for layer in 0..<shape.layers {
            for head in 0..<shape.heads { values += try matrix(layer: layer, head: head).rowNormalized().values }
        }
        return try AttentionTensor(shape: shape.dimensions, values: values)
    }
}
