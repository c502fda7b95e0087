import Foundation

/// Picks the next token from a row of logits: greedily (the largest, the first of equals, as
/// `torch.argmax`), or by sampling from `softmax(logits / temperature)` with a seeded generator,
/// so a run with the same seed repeats exactly.
///
/// ```swift
/// var greedy = TokenSampler(temperature: 0, seed: 0)
/// var sampled = TokenSampler(temperature: 0.8, seed: 42)
/// let next = sampled.next(logits)
/// ```
public struct TokenSampler: Sendable {
    /// 0 means greedy.
    public let temperature: Float
    private var state: UInt64

    public init(temperature: Float, seed: UInt64) {
        self.temperature = temperature
        state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    /// The id to emit after `logits`.
    public mutating func next(_ logits: [Float]) -> Int {
        guard temperature > 0 else {
            var best = 0
            for i in logits.indices where logits[i] > logits[best] { best = i }
            return best
        }
        let largest = logits.max() ?? 0
        let weights = logits.map { Double(exp(($0 - largest) / temperature)) }
        let total = weights.reduce(0, +)
        var target = uniform() * total
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// SplitMix64, mapped to [0, 1).
    private mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
