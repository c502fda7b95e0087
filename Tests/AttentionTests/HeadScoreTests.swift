import Foundation
import Testing
@testable import Attention

/// Every ``HeadScore`` against the independent NumPy implementation in
/// `scripts/fixtures/make_head_score_goldens.py` (TransformerLens's detection patterns for
/// duplicate and induction), and the exact merging of ``HeadScoreSums``.
@Suite struct HeadScoreTests {
    struct Case {
        var name: String
        var tensor: AttentionTensor
        var tokens: Tokens
        var ids: [Int]?
        var scores: [String: [[Double?]]]
    }

    static func cases() throws -> [Case] {
        let url = try #require(Bundle.module.url(forResource: "head_scores", withExtension: "json", subdirectory: "Fixtures"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let list = try #require(root["cases"] as? [[String: Any]])
        return try list.map { entry in
            let attention = try #require(entry["attention"] as? [[[[Double]]]])
            let shape = [attention.count, attention[0].count, attention[0][0].count, attention[0][0][0].count]
            let values = attention.flatMap { $0.flatMap { $0.flatMap { $0.map(Float.init) } } }
            let raw = try #require(entry["scores"] as? [String: [[Any]]])
            let scores = raw.mapValues { $0.map { $0.map { $0 as? Double } } }
            return Case(name: entry["name"] as? String ?? "?", tensor: try AttentionTensor(shape: shape, values: values),
                        tokens: Tokens(try #require(entry["tokens"] as? [String])), ids: entry["ids"] as? [Int], scores: scores)
        }
    }

    static func expectMatches(_ table: HeadScoreTable, _ golden: Case, computed: [HeadScore]) {
        for score in computed {
            let expected = golden.scores[score.rawValue]
            #expect(expected != nil, "\(golden.name): no golden \(score)")
            guard let expected else { continue }
            for layer in 0..<table.layers {
                for head in 0..<table.heads {
                    let got = table.value(score, layer: layer, head: head)
                    let want = expected[layer][head]
                    if let want, let got {
                        #expect(abs(got - want) < 1e-6, "\(golden.name) \(score) L\(layer) H\(head): \(got) vs \(want)")
                    } else {
                        #expect(got == nil && want == nil, "\(golden.name) \(score) L\(layer) H\(head): \(String(describing: got)) vs \(String(describing: want))")
                    }
                }
            }
        }
    }

    @Test func everyScoreMatchesNumPy() throws {
        for golden in try Self.cases() {
            let shape = golden.tensor.shape
            var sums = HeadScoreSums(layers: shape.layers, heads: shape.heads)
            let square = shape.queries == shape.keys
            try sums.add(golden.tensor, tokens: ScoredTokens(keys: golden.tokens, identity: golden.ids, selfAttention: square))
            let table = sums.means()
            let expected = HeadScore.allCases.filter { golden.scores[$0.rawValue] != nil }
            Self.expectMatches(table, golden, computed: expected)
            #expect(sums.tokens == shape.queries && sums.examples == 1)
            if !square {
                #expect(table.values[.duplicate] == nil && table.values[.induction] == nil, "cross attention has no repeats")
            }
        }
    }

    /// Token strings stand in for ids: equal strings are the same token.
    @Test func duplicateAndInductionFromTokenStrings() throws {
        let golden = try #require(try Self.cases().first { $0.ids != nil })
        var sums = HeadScoreSums(layers: golden.tensor.shape.layers, heads: golden.tensor.shape.heads)
        try sums.add(golden.tensor, tokens: ScoredTokens(keys: golden.tokens))
        Self.expectMatches(sums.means(), golden, computed: [.duplicate, .induction, .special])
    }

    /// The planted heads of the repeated sequence rank first for their scores.
    @Test func plantedHeadsRankFirst() throws {
        let golden = try #require(try Self.cases().first { $0.name == "repeated-decoder" })
        var sums = HeadScoreSums(layers: 2, heads: 3)
        try sums.add(golden.tensor, tokens: ScoredTokens(keys: golden.tokens, identity: golden.ids))
        let table = sums.means()
        let previous = try #require(table.ranked(.previous).first)
        let induction = try #require(table.ranked(.induction).first)
        let first = try #require(table.ranked(.first).first)
        #expect((previous.layer, previous.head) == (0, 1) && previous.value > 0.9)
        #expect((induction.layer, induction.head) == (1, 2) && induction.value > 0.4)
        #expect((first.layer, first.head) == (1, 0))
        let focused = try #require(table.ranked(.entropy).first)
        #expect(focused.value == table.ranked(.entropy).map(\.value).min())
    }

    /// Sums of parts merged in any order equal the sums of one pass, bit for bit.
    @Test func partsMergeExactly() throws {
        let golden = try #require(try Self.cases().first { $0.name == "encoder-sentence" })
        let tokens = ScoredTokens(keys: golden.tokens)
        let shape = golden.tensor.shape
        var whole = HeadScoreSums(layers: shape.layers, heads: shape.heads)
        var parts = [HeadScoreSums](repeating: HeadScoreSums(layers: shape.layers, heads: shape.heads), count: 3)
        for example in 0..<7 {
            let scaled = try AttentionTensor(shape: [shape.layers, shape.heads, shape.queries, shape.keys],
                                             values: golden.tensor.allValues().map { $0 * Float(example + 1) / 7 })
            try whole.add(scaled, tokens: tokens)
            try parts[example % 3].add(scaled, tokens: tokens)
        }
        var forward = parts[0]
        try forward.merge(parts[1])
        try forward.merge(parts[2])
        var backward = parts[2]
        try backward.merge(parts[1])
        try backward.merge(parts[0])
        #expect(forward == whole && backward == whole)
        #expect(whole.examples == 7 && whole.tokens == 7 * shape.queries)
        let cell = try #require(whole.cell(.first, layer: 0, head: 1))
        let interval = try #require(cell.confidence95)
        #expect(interval.contains(try #require(cell.mean)) && interval.lowerBound < interval.upperBound)
        #expect(throws: AttentionError.self) { try forward.merge(HeadScoreSums(layers: 2, heads: 4)) }
    }

    @Test func exactSumIsOrderFree() {
        let terms: [Double] = (0..<1000).map { (i: Int) -> Double in
            let x = Double(i)
            return x * 0.001 + 1e-9 * Double(i % 7) - 0.3
        }
        var a = ExactSum(), b = ExactSum()
        for t in terms { a.add(t) }
        for t in terms.reversed() { b.add(t) }
        #expect(a == b)
        #expect(abs(a.value - terms.reduce(0, +)) < 1e-8)
        var negative = ExactSum()
        negative.add(-2.5)
        #expect(negative.value == -2.5)
    }

    @Test func tokenClasses() {
        for special in ["[CLS]", "[SEP]", "<s>", "</s>", "<|endoftext|>", "<|im_start|>", " [PAD]"] {
            #expect(TokenClass.isSpecial(special), "\(special)")
        }
        for plain in ["[cls]", "[]", "<a>", "the", "<|", "[CLS"] { #expect(!TokenClass.isSpecial(plain), "\(plain)") }
        for punct in [",", " .", "##.", "▁!", "…", "—", "«", "、", "。"] { #expect(TokenClass.isPunctuation(punct), "\(punct)") }
        for word in ["a.", " ", "", "##", "+", "1"] { #expect(!TokenClass.isPunctuation(word), "\(word)") }
    }
}
