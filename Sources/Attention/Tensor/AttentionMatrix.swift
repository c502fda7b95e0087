/// One dense attention matrix, `rows` queries by `columns` keys, row-major `Float` values.
///
/// ```swift
/// let m = AttentionMatrix(rows: 2, columns: 2, values: [0.9, 0.1, 0.3, 0.7])
/// m[1, 0]          // 0.3
/// m.row(0)         // [0.9, 0.1]
/// ```
public struct AttentionMatrix: Equatable, Sendable {
    /// Number of rows (queries).
    public let rows: Int
    /// Number of columns (keys).
    public let columns: Int
    /// Row-major values, `rows * columns` of them.
    public var values: [Float]

    /// Creates a matrix; `values.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "AttentionMatrix: \(values.count) values for \(rows)x\(columns)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Creates a matrix from nested rows, which must all have the same length.
    public init(rows nested: [[Float]]) throws(AttentionError) {
        let width = nested.first?.count ?? 0
        for (index, row) in nested.enumerated() where row.count != width {
            throw .shapeMismatch("row \(index) has \(row.count) values, row 0 has \(width)")
        }
        self.init(rows: nested.count, columns: width, values: nested.flatMap { $0 })
    }

    /// The value at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// The values of one row.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// The smallest and largest finite values, or `nil` when there are none.
    public var finiteRange: ClosedRange<Float>? {
        var low = Float.infinity
        var high = -Float.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        return low <= high ? low...high : nil
    }

    /// The matrix flipped over its diagonal.
    public var transposed: AttentionMatrix {
        var out = [Float](repeating: 0, count: values.count)
        for r in 0..<rows {
            for c in 0..<columns {
                out[c * rows + r] = values[r * columns + c]
            }
        }
        return AttentionMatrix(rows: columns, columns: rows, values: out)
    }
}
