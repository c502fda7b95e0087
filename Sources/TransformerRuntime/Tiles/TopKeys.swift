import Attention

/// For every query row of one head, the `k` keys with the largest weights: indices by
/// descending weight (ties by lower index) and their weights, row-major (`queries · k` each).
/// A row with fewer than `k` visible keys is padded with index −1 and weight 0.
///
/// ```swift
/// let top = try engine.topKeys(layer: 0, head: 0, k: 8)
/// top.indices[q * 8]      // the key query q attends to most
/// ```
public struct TopKeys: Sendable, Equatable {
    /// Keys per row.
    public let k: Int
    /// Query rows.
    public let queries: Int
    /// Key indices, `queries · k`, −1 for padding.
    public let indices: [Int32]
    /// Weights, `queries · k`, 0 for padding.
    public let values: [Float]

    /// Creates a table; both arrays must hold `queries · k` entries.
    public init(k: Int, queries: Int, indices: [Int32], values: [Float]) {
        precondition(indices.count == queries * k && values.count == queries * k, "TopKeys: queries · k entries needed")
        self.k = k
        self.queries = queries
        self.indices = indices
        self.values = values
    }

    /// The first `smaller` keys of each row (a top-64 table answers every k ≤ 64).
    public func prefix(_ smaller: Int) -> TopKeys {
        guard smaller < k else { return self }
        var i = [Int32](), v = [Float]()
        i.reserveCapacity(queries * smaller)
        v.reserveCapacity(queries * smaller)
        for q in 0..<queries {
            i += indices[(q * k)..<(q * k + smaller)]
            v += values[(q * k)..<(q * k + smaller)]
        }
        return TopKeys(k: smaller, queries: queries, indices: i, values: v)
    }

    /// Bytes the table takes in memory.
    public var byteCount: Int { indices.count * 4 + values.count * 4 }

    /// The indices then the values, little-endian Int32 and Float32.
    public var littleEndianBytes: [UInt8] { FloatBytes.littleEndian(indices) + FloatBytes.littleEndian(values) }
}
