extension TextHeatExamples {
    /// Rows of an attention matrix as text heat examples: row `query` (negative counts from the
    /// end, `-1` is the last) or, when `query` is `nil`, every row. Each example's tokens are the
    /// key labels, its weights the row, its label `query Q: TOKEN`.
    ///
    /// Throws `indexOutOfRange(axis: "query", ...)` with the index as given when no row has it.
    ///
    /// ```swift
    /// let last = try TextHeatExamples(rowsOf: map, query: -1)
    /// last.labels    // [Optional("query 6: 桥")]
    /// ```
    public init(rowsOf map: AttentionMap, query: Int? = nil) throws(AttentionError) {
        let rows = map.matrix.rows
        var chosen = Array(0..<rows)
        if let query {
            let index = query < 0 ? rows + query : query
            guard (0..<rows).contains(index) else { throw .indexOutOfRange(axis: "query", index: query, count: rows) }
            chosen = [index]
        }
        let keys = map.columnLabels.strings
        self.init(
            tokens: Array(repeating: keys, count: chosen.count),
            weights: chosen.map { q in map.matrix.row(q).map(Double.init) },
            labels: chosen.map { q in "query \(q): \(map.rowLabels[q])" })
    }
}
