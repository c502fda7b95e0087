/// A tensor with the tokens on its query and key axes: what every reader returns and every
/// renderer consumes. Self-attention has the same tokens on both axes; cross attention and
/// sentence pairs may differ.
///
/// ```swift
/// let data = try AttentionData(tensor: t, queryTokens: ["a", "b"], keyTokens: ["a", "b"])
/// ```
public struct AttentionData: Sendable {
    /// The weights.
    public var tensor: AttentionTensor
    /// Labels of the query axis (rows), or `nil` when the source had none.
    public var queryTokens: Tokens?
    /// Labels of the key axis (columns), or `nil` when the source had none.
    public var keyTokens: Tokens?
    /// For sentence pairs: index of the first token of the second sentence.
    public var pairSplit: Int?
    /// For model runs that generated text: index of the first generated token (the prompt's
    /// length), which heatmaps and the explorer mark. Set it through `markGenerated(from:)`.
    public private(set) var generatedFrom: Int?

    /// Creates labelled attention, checking token counts against the tensor.
    public init(tensor: AttentionTensor, queryTokens: Tokens? = nil, keyTokens: Tokens? = nil, pairSplit: Int? = nil) throws(AttentionError) {
        if let queryTokens, queryTokens.count != tensor.shape.queries {
            throw .tokenCountMismatch(axis: "query", tokens: queryTokens.count, expected: tensor.shape.queries)
        }
        if let keyTokens, keyTokens.count != tensor.shape.keys {
            throw .tokenCountMismatch(axis: "key", tokens: keyTokens.count, expected: tensor.shape.keys)
        }
        self.tensor = tensor
        self.queryTokens = queryTokens
        self.keyTokens = keyTokens
        self.pairSplit = pairSplit
    }

    /// Marks tokens from `index` on as generated; `nil` (or an index that leaves no prompt or
    /// no generated token on a square tensor) clears the mark.
    public mutating func markGenerated(from index: Int?) {
        let shape = tensor.shape
        generatedFrom = index.flatMap { $0 > 0 && $0 < shape.queries && shape.queries == shape.keys ? $0 : nil }
    }

    /// Query labels, falling back to numbers.
    public var queryLabels: Tokens { queryTokens ?? .indices(tensor.shape.queries) }
    /// Key labels, falling back to the query tokens for square self-attention, then to numbers.
    public var keyLabels: Tokens {
        if let keyTokens { return keyTokens }
        if let queryTokens, queryTokens.count == tensor.shape.keys { return queryTokens }
        return .indices(tensor.shape.keys)
    }
}
