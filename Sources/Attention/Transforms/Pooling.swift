/// How `AttentionMatrix.pooled` combines the cells that fall into one output cell.
public enum PoolingMode: String, Sendable, CaseIterable {
    /// The largest value: one sharp attention peak survives any amount of shrinking.
    case max
    /// The average value.
    case mean
}

extension AttentionMatrix {
    /// Shrinks the matrix to at most `rows x columns` cells by pooling blocks of cells in value
    /// space. Output cell `(i, j)` covers input rows `i*R/rows ..< (i+1)*R/rows` (integer
    /// division) and likewise for columns, so every input cell lands in exactly one output cell.
    /// Dimensions already small enough are kept. NaN cells are ignored; a block of only NaN
    /// stays NaN.
    ///
    /// ```swift
    /// let m = AttentionMatrix(rows: 2, columns: 4, values: [1, 2, 3, 4, 5, 6, 7, 8])
    /// m.pooled(rows: 1, columns: 2, mode: .max).values    // [6, 8]
    /// m.pooled(rows: 1, columns: 2, mode: .mean).values   // [3.5, 5.5]
    /// ```
    public func pooled(rows targetRows: Int, columns targetColumns: Int, mode: PoolingMode = .max) -> AttentionMatrix {
        let outRows = Swift.max(1, Swift.min(rows, targetRows))
        let outColumns = Swift.max(1, Swift.min(columns, targetColumns))
        if outRows == rows && outColumns == columns { return self }
        guard rows > 0, columns > 0 else { return self }
        // Column bin of every input column, computed once.
        var columnBin = [Int](repeating: 0, count: columns)
        for j in 0..<outColumns {
            for c in (j * columns / outColumns)..<((j + 1) * columns / outColumns) { columnBin[c] = j }
        }
        var accumulator = [Double](repeating: mode == .max ? -.infinity : 0, count: outColumns)
        var counts = [Int](repeating: 0, count: outColumns)
        var out = [Float](repeating: .nan, count: outRows * outColumns)
        values.withUnsafeBufferPointer { source in
            for i in 0..<outRows {
                for j in 0..<outColumns {
                    accumulator[j] = mode == .max ? -.infinity : 0
                    counts[j] = 0
                }
                for r in (i * rows / outRows)..<((i + 1) * rows / outRows) {
                    let row = r * columns
                    for c in 0..<columns {
                        let v = Double(source[row + c])
                        guard !v.isNaN else { continue }
                        let bin = columnBin[c]
                        switch mode {
                        case .max: if v > accumulator[bin] { accumulator[bin] = v }
                        case .mean: accumulator[bin] += v
                        }
                        counts[bin] += 1
                    }
                }
                for j in 0..<outColumns where counts[j] > 0 {
                    out[i * outColumns + j] = Float(mode == .max ? accumulator[j] : accumulator[j] / Double(counts[j]))
                }
            }
        }
        return AttentionMatrix(rows: outRows, columns: outColumns, values: out)
    }
}
