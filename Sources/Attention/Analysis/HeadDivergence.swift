import Foundation

/// How differently two runs' heads attend, per head: the mean over query positions of the
/// Jensen–Shannon divergence between the two rows (each scaled to sum 1), in bits, so 0 means the
/// same distribution and 1 disjoint ones:
///
///     JSD(p, r) = ½ Σₖ pₖ log₂(pₖ / mₖ) + ½ Σₖ rₖ log₂(rₖ / mₖ),   m = (p + r) / 2
///
/// Rows that are all zero in either run are left out of the mean; a head with no such row has
/// no value. Used by `attnviz compare` to rank heads by how much they changed between two inputs
/// of equal length or two checkpoints.
///
/// ```swift
/// let divergence = try HeadDivergence(a.tensor, b.tensor)
/// divergence.value(layer: 3, head: 5)          // 0.42
/// divergence.ranked().first                    // the head that changed most
/// ```
public struct HeadDivergence: Sendable, Equatable {
    /// Layers.
    public let layers: Int
    /// Heads per layer.
    public let heads: Int
    /// Per head (`layer * heads + head`), the mean divergence in bits; `nil` without a defined row.
    public let values: [Double?]

    /// The divergence of every head of `a` from the same head of `b`; the shapes must be equal
    /// (`shapeMismatch` otherwise).
    public init(_ a: AttentionTensor, _ b: AttentionTensor) throws(AttentionError) {
        guard a.shape == b.shape else { throw .shapeMismatch("the runs have shapes \(a.shape) and \(b.shape)") }
        layers = a.shape.layers
        heads = a.shape.heads
        var values = [Double?]()
        values.reserveCapacity(layers * heads)
        for layer in 0..<layers {
            for head in 0..<heads {
                values.append(Self.divergence(try a.matrix(layer: layer, head: head), try b.matrix(layer: layer, head: head)))
            }
        }
        self.values = values
    }

    /// The mean row divergence of two matrices of one shape, in bits.
    public static func divergence(_ a: AttentionMatrix, _ b: AttentionMatrix) -> Double? {
        var total = 0.0, rows = 0
        for q in 0..<a.rows {
            let p = a.row(q), r = b.row(q)
            let sp = p.reduce(0.0) { $0 + Double(max(0, $1)) }, sr = r.reduce(0.0) { $0 + Double(max(0, $1)) }
            guard sp > 0, sr > 0 else { continue }
            var d = 0.0
            for (x, y) in zip(p, r) {
                let pk = Double(max(0, x)) / sp, rk = Double(max(0, y)) / sr
                let m = (pk + rk) / 2
                if pk > 0 { d += 0.5 * pk * log2(pk / m) }
                if rk > 0 { d += 0.5 * rk * log2(rk / m) }
            }
            total += d
            rows += 1
        }
        return rows > 0 ? total / Double(rows) : nil
    }

    /// One head's divergence.
    public func value(layer: Int, head: Int) -> Double? {
        guard (0..<layers).contains(layer), (0..<heads).contains(head) else { return nil }
        return values[layer * heads + head]
    }

    /// Heads with a value, most changed first (ties in layer, then head order).
    public func ranked() -> [HeadScoreTable.Entry] {
        values.enumerated().compactMap { i, v in v.map { HeadScoreTable.Entry(layer: i / heads, head: i % heads, value: $0) } }
            .enumerated().sorted { x, y in x.element.value != y.element.value ? x.element.value > y.element.value : x.offset < y.offset }
            .map(\.element)
    }
}
