/// Joins subword pieces back into words for text heat, combining their weights.
///
/// Three tokenizer conventions are understood:
/// - ``Style/wordPiece`` (BERT): a piece starting with `##` continues the previous word.
/// - ``Style/byteLevelBPE`` (GPT-2, RoBERTa): a piece starting with `Ġ` (an encoded space) or `Ċ`
///   (newline) starts a new word; other pieces continue the previous one.
/// - ``Style/sentencePiece`` (T5, XLM-R, Llama): a piece starting with `▁` starts a new word.
///
/// Special tokens (`[CLS]`, `<s>`, `<|endoftext|>`, ...) always stand alone. The merged word's
/// weight is the sum of its pieces' weights (attention the word receives) or their maximum.
///
/// ```swift
/// let merged = SubwordMerging(style: .wordPiece, combine: .sum)
///     .merge(tokens: ["[CLS]", "attn", "##viz", "rocks"], weights: [0.1, 0.2, 0.3, 0.4])
/// merged.tokens    // ["[CLS]", "attnviz", "rocks"]
/// merged.weights   // [0.1, 0.5, 0.4]
/// ```
public struct SubwordMerging: Sendable, Equatable {
    /// A tokenizer's marking of word boundaries.
    public enum Style: String, CaseIterable, Sendable {
        case wordPiece = "wordpiece"
        case byteLevelBPE = "bpe"
        case sentencePiece = "sentencepiece"

        /// The style the tokens look like, or `nil` when none of the markers appears.
        public static func detect(_ tokens: [String]) -> Style? {
            if tokens.contains(where: { $0.hasPrefix("##") && $0.count > 2 }) { return .wordPiece }
            if tokens.contains(where: { $0.hasPrefix("Ġ") || $0.hasPrefix("Ċ") }) { return .byteLevelBPE }
            if tokens.contains(where: { $0.hasPrefix("▁") }) { return .sentencePiece }
            return nil
        }
    }

    /// How pieces' weights combine.
    public enum Combine: String, CaseIterable, Sendable {
        case sum
        case max
    }

    public var style: Style
    public var combine: Combine

    public init(style: Style, combine: Combine = .sum) {
        self.style = style
        self.combine = combine
    }

    /// The merged words and their weights (same length as each other).
    public func merge(tokens: [String], weights: [Double]) -> (tokens: [String], weights: [Double]) {
        var words: [String] = []
        var merged: [Double] = []
        var previousSpecial = true
        for (token, weight) in zip(tokens, weights) {
            let special = Self.isSpecial(token)
            let (startsWord, text) = special ? (true, token) : split(token)
            if startsWord || previousSpecial || words.isEmpty || special {
                words.append(text)
                merged.append(weight)
            } else {
                words[words.count - 1] += text
                switch combine {
                case .sum: merged[merged.count - 1] += weight
                case .max: merged[merged.count - 1] = Swift.max(merged[merged.count - 1], weight)
                }
            }
            previousSpecial = special
        }
        return (words, merged)
    }

    /// Whether the piece starts a word, and its text without markers.
    private func split(_ token: String) -> (Bool, String) {
        switch style {
        case .wordPiece:
            return token.hasPrefix("##") && token.count > 2 ? (false, String(token.dropFirst(2))) : (true, token)
        case .byteLevelBPE:
            if token.hasPrefix("Ġ") { return (true, String(token.dropFirst())) }
            if token.hasPrefix("Ċ") { return (true, "↵" + String(token.dropFirst())) }
            return (false, token)
        case .sentencePiece:
            return token.hasPrefix("▁") ? (true, String(token.dropFirst())) : (false, token)
        }
    }

    /// `[CLS]`, `[SEP]`, `<s>`, `</s>`, `<pad>`, `<|endoftext|>` and the like.
    static func isSpecial(_ token: String) -> Bool {
        guard token.count >= 3 else { return false }
        let inner = token.dropFirst().dropLast()
        let bracketed = (token.hasPrefix("[") && token.hasSuffix("]")) || (token.hasPrefix("<") && token.hasSuffix(">"))
        return bracketed && !inner.isEmpty && !inner.contains(" ")
    }
}
