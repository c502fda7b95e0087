import Foundation
import Testing
@testable import Attention

/// `HeadDivergence` against NumPy (scripts/fixtures/make_head_score_goldens.py, "divergence").
@Suite struct HeadDivergenceTests {
    @Test func matchesNumPy() throws {
        let url = try #require(Bundle.module.url(forResource: "head_scores", withExtension: "json", subdirectory: "Fixtures"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let section = try #require(root["divergence"] as? [String: Any])
        func tensor(_ key: String) throws -> AttentionTensor {
            let nested = try #require(section[key] as? [[[[Double]]]])
            let shape = [nested.count, nested[0].count, nested[0][0].count, nested[0][0][0].count]
            return try AttentionTensor(shape: shape, values: nested.flatMap { $0.flatMap { $0.flatMap { $0.map(Float.init) } } })
        }
        let expected = try #require(section["divergence"] as? [[Double]])
        let divergence = try HeadDivergence(tensor("a"), tensor("b"))
        for layer in 0..<2 {
            for head in 0..<3 {
                let got = try #require(divergence.value(layer: layer, head: head))
                #expect(abs(got - expected[layer][head]) < 1e-6, "L\(layer) H\(head): \(got) vs \(expected[layer][head])")
            }
        }
        #expect(divergence.value(layer: 1, head: 2) == 0, "an unchanged head")
        let last = try #require(divergence.ranked().last)
        #expect(last.layer == 1 && last.head == 2)
        #expect(throws: AttentionError.self) { try HeadDivergence(tensor("a"), AttentionTensor(shape: [1, 1, 2, 2], values: [1, 0, 0, 1])) }
    }

    @Test func disjointRowsAreOneBit() {
        let a = AttentionMatrix(rows: 1, columns: 2, values: [1, 0]), b = AttentionMatrix(rows: 1, columns: 2, values: [0, 1])
        #expect(HeadDivergence.divergence(a, b) == 1)
        #expect(HeadDivergence.divergence(a, a) == 0)
        #expect(HeadDivergence.divergence(a, AttentionMatrix(rows: 1, columns: 2, values: [0, 0])) == nil)
    }
}
