/// One matrix ready to draw: the values with row (query) and column (key) labels.
///
/// ```swift
/// let map = try AttentionMap(matrix: m, rowLabels: ["武", "汉"], columnLabels: ["武", "汉"])
/// ```
public struct AttentionMap: Sendable, Equatable {
    /// The values, rows are queries.
    public var matrix: AttentionMatrix
    /// One label per row.
    public var rowLabels: Tokens
    /// One label per column.
    public var columnLabels: Tokens

    /// Creates a map, checking the label counts.
    public init(matrix: AttentionMatrix, rowLabels: Tokens, columnLabels: Tokens) throws(AttentionError) {
        guard rowLabels.count == matrix.rows else {
            throw .tokenCountMismatch(axis: "query", tokens: rowLabels.count, expected: matrix.rows)
        }
        guard columnLabels.count == matrix.columns else {
            throw .tokenCountMismatch(axis: "key", tokens: columnLabels.count, expected: matrix.columns)
        }
        self.matrix = matrix
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
    }
}
