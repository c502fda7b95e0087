import Attention
import AttentionFormats

extension TextHeatExamples {
    /// `init(rowsOf:query:)` with an out-of-range row named by the `--query` given.
    static func rows(of map: AttentionMap, query: Int?) throws -> TextHeatExamples {
        let examples: Result<TextHeatExamples, AttentionError>
        do { examples = .success(try TextHeatExamples(rowsOf: map, query: query)) } catch { examples = .failure(error) }
        switch examples {
        case .success(let rows):
            return rows
        case .failure(.indexOutOfRange(axis: "query", let index, let rows)):
            throw CLIFailure("--query \(index): out of range, the matrix has \(rows) queries (0..<\(rows), or -\(rows)..<0 from the end)")
        case .failure(let error):
            throw error
        }
    }
}

extension TextSourceOptions {
    /// Rows of an attention file as examples: the selected matrix (`--layer/--head`, reductions,
    /// rollout), then row `--query` or every row (`--all-queries`, also the default when the
    /// matrix has several rows, as the note shows every query).
    func readAttentionRows() throws -> TextHeatExamples {
        try TextHeatExamples.rows(of: selection.map(from: input.load()), query: query)
    }
}
