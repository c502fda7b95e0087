import Attention

/// The head scores an explorer page lists in its Heads view: the names in `HeadScore` order and,
/// per head (`layer * heads + head`), one value per name (`null` where undefined).
///
/// ```json
/// {"names": ["first", "self", ...], "values": [[0.91, 0.02, ...], ...]}
/// ```
public struct HeadScoresPayload: Codable, Sendable, Equatable {
    /// Score names (`HeadScore` raw values), in order.
    public var names: [String]
    /// Per head, one value per name.
    public var values: [[Float?]]

    /// The payload form of `table`.
    public init(_ table: HeadScoreTable) {
        let scores = table.scores
        names = scores.map(\.rawValue)
        values = (0..<(table.layers * table.heads)).map { i in
            scores.map { score in table.values[score]?[i].map(Float.init) }
        }
    }
}
