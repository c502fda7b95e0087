/// What `GET /api/model` reports about the loaded model.
///
/// ```swift
/// let d = ModelDescription(name: "all-MiniLM-L6-v2", architecture: "bert", layers: 6, heads: 12,
///                          maxTokens: 512, vocabularySize: 30522, acceptsPairs: true)
/// ```
public struct ModelDescription: Sendable, Equatable, Codable {
    /// The model's name (its directory name).
    public var name: String
    /// `bert` or `gpt2`.
    public var architecture: String
    /// Number of transformer layers.
    public var layers: Int
    /// Attention heads per layer.
    public var heads: Int
    /// Longest input in tokens, special tokens included.
    public var maxTokens: Int
    /// Size of the tokenizer's vocabulary.
    public var vocabularySize: Int
    /// Whether the model takes a second sentence (`pair`).
    public var acceptsPairs: Bool

    public init(name: String, architecture: String, layers: Int, heads: Int, maxTokens: Int, vocabularySize: Int, acceptsPairs: Bool) {
        self.name = name
        self.architecture = architecture
        self.layers = layers
        self.heads = heads
        self.maxTokens = maxTokens
        self.vocabularySize = vocabularySize
        self.acceptsPairs = acceptsPairs
    }
}
