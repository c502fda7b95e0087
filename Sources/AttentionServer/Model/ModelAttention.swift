import Attention
import AttentionExplorer

/// What a model answers for one text: every layer's and head's attention with its tokens, and
/// what the run knows about them (unknown tokens' text, partial characters' bytes, key/value
/// groups) for the explorer's tooltips.
///
/// ```swift
/// let result = try model.attention(text: "I like 🙂", pair: nil)
/// result.data.queryLabels                  // ["[CLS]", "i", "like", "[UNK]", "[SEP]"]
/// result.annotations.unknownSources        // ["", "", "", "🙂", ""]
/// ```
public struct ModelAttention: Sendable {
    /// The attention and its tokens.
    public var data: AttentionData
    /// What the page shows beside the tokens.
    public var annotations: RunAnnotations

    /// Attention with annotations (none by default).
    public init(data: AttentionData, annotations: RunAnnotations = .none) {
        self.data = data
        self.annotations = annotations
    }
}
