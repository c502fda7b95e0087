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
    private var random: SplitMix64

    public init(temperature: Float, seed: UInt64) {
        self.temperature = temperature
        random = SplitMix64(seed: seed)
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
        var target = random.uniform() * total
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 { return i }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }
}
