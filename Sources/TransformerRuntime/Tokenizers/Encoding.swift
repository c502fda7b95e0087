/// The result of tokenising a text (or a pair of texts): ids for the model and, for display,
/// the token strings and where each came from in the input.
///
/// ```swift
/// let e = try tokenizer.encode("Hello world", pair: "Bye")
/// e.tokens      // ["[CLS]", "hello", "world", "[SEP]", "bye", "[SEP]"]
/// e.typeIds     // [0, 0, 0, 0, 1, 1]
/// e.pairStart   // 4
/// ```
public struct Encoding: Sendable, Equatable {
    /// Vocabulary ids, the model's input.
    public var ids: [Int]
    /// The vocabulary strings of the ids (`##ing`, `Ġthe`, `[CLS]`).
    public var tokens: [String]
    /// Segment of each token: 0 for the first text, 1 for the second (BERT's token_type_ids).
    public var typeIds: [Int]
    /// Which input each token came from: 0, 1, or `nil` for special tokens.
    public var sequenceIds: [Int?]
    /// The Unicode-scalar range of each token in its input text (empty for special tokens).
    public var offsets: [Range<Int>]
    /// Index of the first token belonging to the second text, for pairs.
    public var pairStart: Int?
    /// Tokens before truncation, when truncation dropped some.
    public var untruncatedCount: Int?

    /// Number of tokens.
    public var count: Int { ids.count }

    /// Token strings for display: byte-level symbols decoded back to text (`Ġthe` → ` the`,
    /// bytes of a split character as `<f0 9f>`), other tokens unchanged.
    public var displayTokens: [String]
}
