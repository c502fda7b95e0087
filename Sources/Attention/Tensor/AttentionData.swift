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
    /// For model runs: per token, the hex bytes (`e6 ad`) of a token that holds only part of a
    /// character, else `""` (tooltips show them). Set it through `setTokenBytes(_:)`.
    public private(set) var tokenBytes: [String]?

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

    /// Sets ``tokenBytes``. A list that does not fit is dropped (the annotation is optional):
    /// not square self-attention, a count other than the tokens', no non-empty entry, or an entry
    /// other than 1-64 space-separated lowercase hex bytes.
    public mutating func setTokenBytes(_ list: [String]?) {
        let shape = tensor.shape
        guard let list, shape.queries == shape.keys, list.count == shape.keys, list.contains(where: { !$0.isEmpty }),
              list.allSatisfy(Self.isHexBytes) else {
            tokenBytes = nil
            return
        }
        tokenBytes = list
    }

    /// Whether `text` is empty or 1-64 lowercase hex bytes separated by single spaces (`e6 ad`).
    static func isHexBytes(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        if utf8.isEmpty { return true }
        guard utf8.count % 3 == 2, utf8.count <= 64 * 3 - 1 else { return false }
        for (i, c) in utf8.enumerated() {
            let hex = (0x30...0x39).contains(c) || (0x61...0x66).contains(c)
            if i % 3 == 2 ? c != 0x20 : !hex { return false }
        }
        return true
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
