import Attention
import AttentionFormats

extension TextHeatInput {
    /// Rows of a selected attention matrix as text heat examples: row `query` (negative counts
    /// from the end) or every row. Tokens are the key labels; each example is labelled with its
    /// query.
    static func rows(of map: AttentionMap, query: Int?) throws -> TextHeatInput {
        let rows = map.matrix.rows
        var chosen = Array(0..<rows)
        if let query {
            let index = query < 0 ? rows + query : query
            guard (0..<rows).contains(index) else {
                throw CLIFailure("--query \(query): out of range, the matrix has \(rows) queries (0..<\(rows), or -\(rows)..<0 from the end)")
            }
            chosen = [index]
        }
        let keys = map.columnLabels.strings
        let weights = chosen.map { q in map.matrix.row(q).map(Double.init) }
        let labels: [String?] = chosen.map { q in "query \(q): \(map.rowLabels[q])" }
        return TextHeatInput(tokens: Array(repeating: keys, count: chosen.count), weights: weights, labels: labels)
    }
}

extension TextSourceOptions {
    /// Rows of an attention file as examples: the selected matrix (`--layer/--head`, reductions,
    /// rollout), then row `--query` or every row (`--all-queries`, also the default when the
    /// matrix has several rows, as the note shows every query).
    func readAttentionRows() throws -> TextHeatInput {
        try TextHeatInput.rows(of: selection.map(from: input.load()), query: query)
    }
}
