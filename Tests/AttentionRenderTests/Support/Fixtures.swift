import Attention
import Foundation

/// Shared test inputs.
enum Fixtures {
    static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            struct Missing: Error {}
            throw Missing()
        }
        return url
    }

    /// Realistic subword tokens (WordPiece, byte-level BPE, SentencePiece, CJK, specials, a URL
    /// and one absurdly long word), cycled to `count`.
    static func subwordTokens(_ count: Int) -> [String] {
        let vocabulary = [
            "[CLS]", "the", "Ġquick", "##est", "Ġinternational", "▁transformer", "attention", "##s", ",", ".",
            "Ġ2026", "supercalifragilisticexpialidocious", "武", "汉", "市", "Ġ", "é", "naïve", "##ization",
            "<|endoftext|>", "https://example.com/a/very/long/path?q=1", "ĠThe", "▁▁", "'s", "Ġ(", ")", "[SEP]",
            "长江大桥", "Ġunbelievably", "##ly", "\n", "\t", "Ġ\"quoted\"", "<script>",
        ]
        return (0..<count).map { vocabulary[($0 * 7 + $0 / 3) % vocabulary.count] }
    }

    /// A causal attention matrix: softmax of deterministic pseudo-random logits per row.
    static func softmaxMatrix(_ n: Int, seed: UInt64 = 42) -> AttentionMatrix {
        var state = seed
        var values = [Float](repeating: 0, count: n * n)
        for row in 0..<n {
            var sum = 0.0
            var exps = [Double](repeating: 0, count: n)
            for column in 0...row {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let logit = Double(state >> 11) / Double(1 << 53) * 6 - 3
                exps[column] = exp(logit)
                sum += exps[column]
            }
            for column in 0...row { values[row * n + column] = Float(exps[column] / sum) }
        }
        return AttentionMatrix(rows: n, columns: n, values: values)
    }
}
