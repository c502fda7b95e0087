/// The mean of each ``HeadScore`` for every head of a model, as ``HeadScoreSums/means()`` gives
/// it: what `attnviz heads` prints, writes as JSON/CSV and draws.
///
/// ```swift
/// let table = sums.means()
/// table.value(.previous, layer: 2, head: 5)          // 0.91
/// for entry in table.ranked(.induction).prefix(3) { print(entry.layer, entry.head, entry.value) }
/// ```
public struct HeadScoreTable: Sendable, Equatable {
    /// One head and its value of a score.
    public struct Entry: Sendable, Equatable {
        public var layer: Int
        public var head: Int
        public var value: Double
    }

    /// Layers.
    public let layers: Int
    /// Heads per layer.
    public let heads: Int
    /// Per computed score, one value per head in layer-major order; `nil` where undefined.
    public let values: [HeadScore: [Double?]]

    /// A table from its values (each list `layers * heads` long).
    public init(layers: Int, heads: Int, values: [HeadScore: [Double?]]) {
        self.layers = layers
        self.heads = heads
        self.values = values
    }

    /// The scores computed, in ``HeadScore`` order.
    public var scores: [HeadScore] { HeadScore.allCases.filter { values[$0] != nil } }

    /// One head's value of `score`, `nil` if not computed or undefined.
    public func value(_ score: HeadScore, layer: Int, head: Int) -> Double? {
        guard let list = values[score], (0..<layers).contains(layer), (0..<heads).contains(head) else { return nil }
        return list[layer * heads + head]
    }

    /// `score` as rows of layers, each with one value per head.
    public func rows(_ score: HeadScore) -> [[Double?]]? {
        guard let list = values[score] else { return nil }
        return (0..<layers).map { Array(list[($0 * heads)..<(($0 + 1) * heads)]) }
    }

    /// Every head with a value of `score`, the notable first: highest first, lowest first for
    /// entropy (the most focused heads); ties in layer, then head order.
    public func ranked(_ score: HeadScore) -> [Entry] {
        guard let list = values[score] else { return [] }
        let entries = list.enumerated().compactMap { i, v in v.map { Entry(layer: i / heads, head: i % heads, value: $0) } }
        return entries.enumerated().sorted { x, y in
            if x.element.value != y.element.value {
                return score.ranksLowFirst ? x.element.value < y.element.value : x.element.value > y.element.value
            }
            return x.offset < y.offset
        }.map(\.element)
    }
}
