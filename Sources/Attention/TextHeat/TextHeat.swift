/// Text heat: examples of tokens, each with a weight, smoothed and normalised into intensities
/// that renderers paint as background colour (the note's `createHTML`, DESIGN.md "The seed's
/// semantics").
///
/// Build it from the note's shape (texts split on single spaces plus one weight list per text),
/// or from token lists. The model keeps every stage: raw weights, smoothed values and the final
/// intensities in `0...1`, so renderers can show the first two in tooltips.
///
/// ```swift
/// let heat = try TextHeat(texts: ["武 汉 市 长 江 大 桥"], weights: [[0.1, 0.9, 1, 0.05, 0.09, 0.03, 0.2]])
/// heat.examples[0].intensities   // [0.7268, 1, 0.9727, 0.5301, 0, 0.0820, 0.0956] (rounded)
/// ```
public struct TextHeat: Equatable, Sendable {
    /// One example: a label, its tokens and their values at each stage.
    public struct Example: Equatable, Sendable {
        /// Heading shown above the tokens (the note shows `Example:`), or `nil` for the default.
        public var label: String?
        /// The tokens in order. Untrusted: renderers escape them.
        public var tokens: [String]
        /// The weight of each token as given.
        public var weights: [Double]
        /// The weights after n-gram smoothing.
        public var smoothed: [Double]
        /// The smoothed values normalised to `0...1`: the colour strength of each token.
        public var intensities: [Double]
    }

    /// The examples in order.
    public var examples: [Example]
    /// The smoothing applied.
    public var smoothing: NgramSmoothing
    /// The normalisation applied.
    public var normalisation: HeatNormalisation

    /// Builds text heat from token lists and weights, one list of each per example.
    ///
    /// Throws `invalidParameter` ("example 2 has 7 tokens but 6 weights") when an example's
    /// counts differ (the note silently reads past the end instead) or a weight is NaN or
    /// infinite or there are no examples, and `shapeMismatch` when the numbers of examples differ
    /// or an example is empty.
    public init(
        tokens: [[String]],
        weights: [[Double]],
        labels: [String?]? = nil,
        smoothing: NgramSmoothing = .note,
        normalisation: HeatNormalisation = .minMax
    ) throws(AttentionError) {
        guard !tokens.isEmpty || !weights.isEmpty else {
            throw .invalidParameter("no examples: give at least one text and its weights")
        }
        guard tokens.count == weights.count else {
            throw .shapeMismatch("\(tokens.count) texts but \(weights.count) weight lists")
        }
        if let labels, labels.count != tokens.count {
            throw .shapeMismatch("\(tokens.count) texts but \(labels.count) labels")
        }
        for (index, (words, values)) in zip(tokens, weights).enumerated() {
            guard words.count == values.count else {
                throw .invalidParameter(
                    "example \(index + 1) has \(words.count) token\(words.count == 1 ? "" : "s") but \(values.count) weight\(values.count == 1 ? "" : "s")")
            }
            guard !words.isEmpty else {
                throw .shapeMismatch("example \(index + 1) has no tokens")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidParameter("example \(index + 1): weight \(bad + 1) is \(values[bad]), not a finite number")
            }
        }
        let smoothed = weights.map(smoothing.apply)
        let intensities = normalisation.apply(smoothed)
        self.examples = tokens.indices.map { i in
            Example(label: labels?[i], tokens: tokens[i], weights: weights[i], smoothed: smoothed[i], intensities: intensities[i])
        }
        self.smoothing = smoothing
        self.normalisation = normalisation
    }

    /// Builds text heat in the note's shape: each text split on single spaces (so two spaces in a
    /// row give an empty token, as `text.split(" ")` does), one weight per token.
    public init(
        texts: [String],
        weights: [[Double]],
        labels: [String?]? = nil,
        smoothing: NgramSmoothing = .note,
        normalisation: HeatNormalisation = .minMax
    ) throws(AttentionError) {
        try self.init(
            tokens: texts.map { Tokens(splittingOnSpaces: $0).strings },
            weights: weights, labels: labels, smoothing: smoothing, normalisation: normalisation)
    }

    /// The note's own demo: the 7 rows of the 武汉市长江大桥 matrix as 7 examples over
    /// `武 汉 市 长 江 大 桥`.
    public static var seedExample: TextHeat {
        // The seed rows are well-formed: 7 tokens and 7 finite weights each.
        try! TextHeat(
            texts: Array(repeating: SeedExample.tokens.strings.joined(separator: " "), count: SeedExample.rows.count),
            // Through the shortest decimal form, so Float 0.1 becomes the note's Double 0.1.
            weights: SeedExample.rows.map { $0.map { Double("\($0)") ?? Double($0) } })
    }
}
