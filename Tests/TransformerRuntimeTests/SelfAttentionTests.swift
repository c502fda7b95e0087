import Foundation
import Testing
@testable import TransformerRuntime

/// Multi-head attention against a naive double-precision reference, long enough that the
/// query rows run in several blocks (and causal blocks skip keys) and heads spread over workers.
struct SelfAttentionTests {
    @Test(arguments: [false, true])
    func matchesNaiveAttention(causal: Bool) {
        let s = 700, heads = 3, d = 8, hidden = heads * d
        #expect(SelfAttention.blockBytes / (s * 4) < s / 2, "the test must cover several blocks")
        var state: UInt64 = causal ? 7 : 11
        let qkv = (0..<(s * 3 * hidden)).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * 4
        }
        let scale: Float = 1 / Float(d).squareRoot()
        var probabilities = [Float](repeating: .nan, count: heads * s * s)
        var context = [Float](repeating: .nan, count: s * hidden)
        qkv.withUnsafeBufferPointer { q in
            probabilities.withUnsafeMutableBufferPointer { p in
                context.withUnsafeMutableBufferPointer { c in
                    SelfAttention.run(qkv: q.baseAddress!, sequence: s, heads: heads, headSize: d, scale: scale, causal: causal,
                                      probabilities: p.baseAddress!, context: c.baseAddress!)
                }
            }
        }
        var worstP = 0.0, worstC = 0.0
        for h in 0..<heads {
            for i in Swift.stride(from: 0, to: s, by: 37) + [s - 1] {
                let visible = causal ? i + 1 : s
                var scores = [Double](repeating: 0, count: visible)
                for j in 0..<visible {
                    var dot = 0.0
                    for e in 0..<d { dot += Double(qkv[i * 3 * hidden + h * d + e]) * Double(qkv[j * 3 * hidden + hidden + h * d + e]) }
                    scores[j] = dot * Double(scale)
                }
                let largest = scores.max()!
                let weights = scores.map { Foundation.exp($0 - largest) }
                let total = weights.reduce(0, +)
                for j in 0..<s {
                    let expected = j < visible ? weights[j] / total : 0
                    worstP = max(worstP, abs(Double(probabilities[(h * s + i) * s + j]) - expected))
                }
                for e in 0..<d {
                    var expected = 0.0
                    for j in 0..<visible { expected += weights[j] / total * Double(qkv[j * 3 * hidden + 2 * hidden + h * d + e]) }
                    worstC = max(worstC, abs(Double(context[i * hidden + h * d + e]) - expected))
                }
            }
        }
        #expect(worstP <= 1e-6, "probabilities off by \(worstP)")
        #expect(worstC <= 1e-5, "context off by \(worstC)")
        #expect(!probabilities.contains { $0.isNaN }, "every probability is written, masked ones as 0")
    }
}
