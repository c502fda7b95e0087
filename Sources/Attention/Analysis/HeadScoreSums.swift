import Foundation

/// Sums from which every ``HeadScore`` of every head is a mean: per score, layer and head, the
/// sum of the per-query values, the sum of their squares and their count. Adding attention
/// reads one head at a time; sums are ``ExactSum``s, so parts computed anywhere (shards of a
/// corpus on several machines) merge to exactly the numbers of one run, in any order.
///
/// ```swift
/// var sums = HeadScoreSums(layers: 6, heads: 12)
/// try sums.add(data.tensor, tokens: ScoredTokens(keys: data.keyLabels))
/// let table = sums.means()                  // one value per score, layer and head
/// table.ranked(.previous).first             // the most previous-token-like head
/// try total.merge(sums)                     // shards combine exactly
/// ```
public struct HeadScoreSums: Sendable, Equatable, Codable {
    /// The sums of one score for one head.
    public struct Cell: Sendable, Equatable, Codable {
        /// Σ of the per-query values.
        public var sum = ExactSum()
        /// Σ of their squares.
        public var squares = ExactSum()
        /// How many query positions contributed.
        public var count = 0

        mutating func add(_ value: Double) {
            sum.add(value)
            squares.add(value * value)
            count += 1
        }

        mutating func add(_ other: Cell) {
            sum.add(other.sum)
            squares.add(other.squares)
            count += other.count
        }

        /// The mean of the per-query values, `nil` if none.
        public var mean: Double? { count > 0 ? sum.value / Double(count) : nil }

        /// The normal-approximation 95% confidence interval of the mean (mean ± 1.96·s/√n with
        /// the sample standard deviation s), `nil` below two values.
        public var confidence95: ClosedRange<Double>? {
            guard count > 1, let mean else { return nil }
            let n = Double(count)
            let variance = max(0, (squares.value - n * mean * mean) / (n - 1))
            let half = 1.96 * (variance / n).squareRoot()
            return (mean - half)...(mean + half)
        }
    }

    /// Layers of the model the sums are for.
    public let layers: Int
    /// Heads per layer.
    public let heads: Int
    /// Attention inputs (examples) added.
    public private(set) var examples = 0
    /// Query positions added (each example's sequence length, summed).
    public private(set) var tokens = 0
    /// Per score, one cell per head in layer-major order (`layer * heads + head`).
    public private(set) var cells: [HeadScore: [Cell]]

    private enum CodingKeys: String, CodingKey { case layers, heads, examples, tokens, cells }

    /// Decodes sums written by `JSONEncoder`, checking what merging relies on: a sane model
    /// size, non-negative counts, and one cell per head for every score present.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layers = try c.decode(Int.self, forKey: .layers)
        heads = try c.decode(Int.self, forKey: .heads)
        examples = try c.decode(Int.self, forKey: .examples)
        tokens = try c.decode(Int.self, forKey: .tokens)
        let decoded = try c.decode([HeadScore: [Cell]].self, forKey: .cells)
        guard (1...4096).contains(layers), (1...4096).contains(heads), examples >= 0, tokens >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .layers, in: c, debugDescription: "\(layers) layers x \(heads) heads, \(examples) examples, \(tokens) tokens is not a model's score table")
        }
        for (score, list) in decoded where !list.isEmpty {
            guard list.count == layers * heads, list.allSatisfy({ $0.count >= 0 }) else {
                throw DecodingError.dataCorruptedError(forKey: .cells, in: c, debugDescription: "score \(score) has \(list.count) cells for \(layers * heads) heads")
            }
        }
        var cells = Dictionary(uniqueKeysWithValues: HeadScore.allCases.map { ($0, [Cell]()) })
        for (score, list) in decoded { cells[score] = list }
        self.cells = cells
    }

    /// Empty sums for a `layers` × `heads` model.
    public init(layers: Int, heads: Int) {
        self.layers = layers
        self.heads = heads
        cells = Dictionary(uniqueKeysWithValues: HeadScore.allCases.map { ($0, []) })
    }

    /// Adds every head of `tensor` for the `scores` asked (all by default; `duplicate` and
    /// `induction` only where `tokens` knows which positions repeat). Throws `shapeMismatch`
    /// when the tensor's layers and heads are not these sums' or the tokens do not match its keys.
    public mutating func add(
        _ tensor: AttentionTensor, tokens scored: ScoredTokens, scores: Set<HeadScore> = Set(HeadScore.allCases)
    ) throws(AttentionError) {
        let shape = tensor.shape
        guard shape.layers == layers, shape.heads == heads else {
            throw .shapeMismatch("attention has \(shape.layers) layers x \(shape.heads) heads, the scores \(layers) x \(heads)")
        }
        guard scored.special.count == shape.keys else {
            throw .shapeMismatch("\(scored.special.count) tokens for \(shape.keys) keys")
        }
        let repeats = shape.queries == shape.keys && scored.identity != nil
        let copies = repeats ? scored.earlierCopies() : []
        let wanted = HeadScore.allCases.filter { scores.contains($0) && (repeats || ($0 != .duplicate && $0 != .induction)) }
        for score in wanted where cells[score]?.isEmpty ?? true {
            cells[score] = Array(repeating: Cell(), count: layers * heads)
        }
        for layer in 0..<layers {
            for head in 0..<heads {
                let matrix = try tensor.matrix(layer: layer, head: head)
                let index = layer * heads + head
                for score in wanted {
                    var cell = cells[score]?[index] ?? Cell()
                    Self.accumulate(score, of: matrix, tokens: scored, copies: copies, into: &cell)
                    cells[score]?[index] = cell
                }
            }
        }
        examples += 1
        self.tokens += shape.queries
    }

    /// Adds sums computed elsewhere (another shard) for the same model. Throws `shapeMismatch`
    /// naming both shapes otherwise.
    public mutating func merge(_ other: HeadScoreSums) throws(AttentionError) {
        guard other.layers == layers, other.heads == heads else {
            throw .shapeMismatch("cannot merge scores of \(other.layers) layers x \(other.heads) heads into \(layers) x \(heads)")
        }
        for (score, theirs) in other.cells where !theirs.isEmpty {
            var mine = cells[score] ?? []
            if mine.isEmpty { mine = Array(repeating: Cell(), count: layers * heads) }
            for i in mine.indices { mine[i].add(theirs[i]) }
            cells[score] = mine
        }
        examples += other.examples
        tokens += other.tokens
    }

    /// The mean of each score for each head (`nil` where no query position defined it).
    public func means() -> HeadScoreTable {
        var values = [HeadScore: [Double?]]()
        for (score, list) in cells where !list.isEmpty { values[score] = list.map(\.mean) }
        return HeadScoreTable(layers: layers, heads: heads, values: values)
    }

    /// The sums of one score for one head, `nil` if that score was not computed.
    public func cell(_ score: HeadScore, layer: Int, head: Int) -> Cell? {
        guard let list = cells[score], !list.isEmpty, (0..<layers).contains(layer), (0..<heads).contains(head) else { return nil }
        return list[layer * heads + head]
    }

    /// Adds each query's value of `score` in `m` to `cell` (definitions in ``HeadScore``).
    static func accumulate(_ score: HeadScore, of m: AttentionMatrix, tokens: ScoredTokens, copies: [[Int]], into cell: inout Cell) {
        let rows = m.rows, keys = m.columns
        m.values.withUnsafeBufferPointer { a in
            for q in 0..<rows {
                let row = q * keys
                switch score {
                case .first:
                    if keys > 0 { cell.add(Double(a[row])) }
                case .self:
                    if q < keys { cell.add(Double(a[row + q])) }
                case .previous:
                    if q >= 1, q - 1 < keys { cell.add(Double(a[row + q - 1])) }
                case .next:
                    if q <= rows - 2, q + 1 < keys { cell.add(Double(a[row + q + 1])) }
                case .entropy:
                    var h = 0.0
                    for k in 0..<keys where a[row + k] > 0 {
                        let p = Double(a[row + k])
                        h -= p * Foundation.log(p)
                    }
                    cell.add(h)
                case .special, .punctuation:
                    let marks = score == .special ? tokens.special : tokens.punctuation
                    var s = 0.0
                    for k in 0..<keys where marks[k] { s += Double(a[row + k]) }
                    cell.add(s)
                case .duplicate:
                    var s = 0.0
                    for p in copies[q] { s += Double(a[row + p]) }
                    cell.add(s)
                case .induction:
                    var s = 0.0
                    for p in copies[q] where p + 1 <= q { s += Double(a[row + p + 1]) }
                    cell.add(s)
                }
            }
        }
    }
}
