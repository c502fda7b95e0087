import Testing
@testable import Attention

/// Rows of an attention map become text heat examples inside `Attention`: key labels as tokens,
/// the row as weights, `query Q: TOKEN` as the label.
struct TextHeatExamplesTests {
    static func map() throws -> AttentionMap {
        try AttentionMap(matrix: AttentionMatrix(rows: 3, columns: 2, values: [0.25, 0.75, 1, 0, 0.5, 0.5]),
                         rowLabels: ["武", "汉", "市"], columnLabels: ["a", "b"])
    }

    @Test func everyRowOrOneRowCountingFromTheEnd() throws {
        let all = try TextHeatExamples(rowsOf: Self.map())
        #expect(all == TextHeatExamples(tokens: [["a", "b"], ["a", "b"], ["a", "b"]], weights: [[0.25, 0.75], [1, 0], [0.5, 0.5]],
                                        labels: ["query 0: 武", "query 1: 汉", "query 2: 市"]))
        let last = try TextHeatExamples(rowsOf: Self.map(), query: -1)
        #expect(last == TextHeatExamples(tokens: [["a", "b"]], weights: [[0.5, 0.5]], labels: ["query 2: 市"]))
        #expect(try TextHeatExamples(rowsOf: Self.map(), query: 1).weights == [[1, 0]])
    }

    @Test func aRowOutsideTheMatrixNamesTheIndexAsGiven() throws {
        #expect(throws: AttentionError.indexOutOfRange(axis: "query", index: 3, count: 3)) { try TextHeatExamples(rowsOf: Self.map(), query: 3) }
        #expect(throws: AttentionError.indexOutOfRange(axis: "query", index: -4, count: 3)) { try TextHeatExamples(rowsOf: Self.map(), query: -4) }
    }
}
