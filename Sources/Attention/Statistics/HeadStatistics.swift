import Foundation

/// Simple numbers that characterise what one attention head does.
///
/// - `entropy[q]`: Shannon entropy in nats of query `q`'s row, after scaling the row to sum to 1
///   (0 for an all-zero row). Low entropy means focused attention.
/// - `firstToken`: mean over queries of the weight on key 0 (the "attention sink", `[CLS]`, `<s>`).
/// - `selfAttention`: mean over queries `q` (with `q < keys`) of the weight on key `q`.
/// - `previousToken`: mean over queries `q ≥ 1` (with `q - 1 < keys`) of the weight on key `q - 1`.
///
/// ```swift
/// let stats = HeadStatistics(matrix)
/// stats.meanEntropy      // average of stats.entropy
/// stats.previousToken    // close to 1 for a previous-token head
/// let all = try HeadStatistics.table(for: tensor)   // [layer][head]
/// ```
public struct HeadStatistics: Sendable, Equatable {
    /// Entropy of each query's distribution, in nats.
    public var entropy: [Double]
    /// Mean attention to the first key.
    public var firstToken: Double
    /// Mean attention of a position to itself (diagonal).
    public var selfAttention: Double
    /// Mean attention of a position to the one before it (sub-diagonal).
    public var previousToken: Double

    /// Mean of `entropy` over queries.
    public var meanEntropy: Double {
        entropy.isEmpty ? 0 : entropy.reduce(0, +) / Double(entropy.count)
    }

    /// Computes the statistics of one head's matrix.
    public init(_ m: AttentionMatrix) {
        var entropy = [Double]()
        entropy.reserveCapacity(m.rows)
        for row in 0..<m.rows {
            var sum: Double = 0
            for v in m.row(row) { sum += Double(v) }
            var h: Double = 0
            if sum > 0 {
                for v in m.row(row) where v > 0 {
                    let p = Double(v) / sum
                    h -= p * Foundation.log(p)
                }
            }
            entropy.append(h)
        }
        self.entropy = entropy
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
        firstToken = m.columns > 0 ? mean((0..<m.rows).map { Double(m[$0, 0]) }) : 0
        selfAttention = mean((0..<min(m.rows, m.columns)).map { Double(m[$0, $0]) })
        previousToken = mean((1..<max(1, min(m.rows, m.columns + 1))).map { Double(m[$0, $0 - 1]) })
    }

    /// Statistics for every head, indexed `[layer][head]`, reading one head at a time.
    public static func table(for tensor: AttentionTensor) throws(AttentionError) -> [[HeadStatistics]] {
        var table = [[HeadStatistics]]()
        for layer in 0..<tensor.shape.layers {
            var row = [HeadStatistics]()
            for head in 0..<tensor.shape.heads { row.append(HeadStatistics(try tensor.matrix(layer: layer, head: head))) }
            table.append(row)
        }
        return table
    }
}
