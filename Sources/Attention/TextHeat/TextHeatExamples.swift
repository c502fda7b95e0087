/// Tokens and weights for text heat before smoothing: one token list and one weight list per
/// example, plus optional example labels. File readers (`AttentionFormats`' `TextHeatInput`)
/// and attention maps (`init(rowsOf:query:)`) both produce it; `TextHeat` smooths and
/// normalises it.
///
/// ```swift
/// let examples = TextHeatExamples(tokens: [["武", "汉"]], weights: [[0.1, 0.9]])
/// let heat = try TextHeat(tokens: examples.tokens, weights: examples.weights, labels: examples.labels)
/// ```
public struct TextHeatExamples: Sendable, Equatable {
    /// The tokens of each example.
    public var tokens: [[String]]
    /// One weight per token of each example.
    public var weights: [[Double]]
    /// A heading per example (`nil` entries take the default), or `nil` for none.
    public var labels: [String?]?

    public init(tokens: [[String]], weights: [[Double]], labels: [String?]? = nil) {
        self.tokens = tokens
        self.weights = weights
        self.labels = labels
    }
}
