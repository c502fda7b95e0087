/// Which input text stands behind each token the vocabulary does not know: MiniLM reads an emoji
/// as `[UNK]`, and a reader of the attention should see which emoji.
///
/// ```swift
/// let e = tokenizer.encode("I like 🙂")
/// e.tokens                                               // ["[CLS]", "i", "like", "[UNK]", "[SEP]"]
/// tokenizer.unknownSources(e, text: "I like 🙂")          // ["", "", "", "🙂", ""]
/// ```
extension Tokenizer {
    /// The unknown token of the vocabulary (`[UNK]`, `<unk>`), when the model has one.
    public var unknownToken: String? {
        switch model {
        case .wordPiece(let wp): wp.unknownToken
        case .bpe(let bpe): bpe.unknownToken
        }
    }

    /// For each token of `e` (an encoding of `text`, and `pair` as the second text), the input it
    /// covers when the token is the unknown token, else `""`. Special tokens, tokens without
    /// offsets (generated ones) and offsets outside the text give `""`.
    public func unknownSources(_ e: Encoding, text: String, pair: String? = nil) -> [String] {
        guard let unknown = unknownToken else { return e.tokens.map { _ in "" } }
        let inputs = [Array(text.unicodeScalars), Array((pair ?? "").unicodeScalars)]
        return e.tokens.indices.map { i in
            guard e.tokens[i] == unknown, e.sequenceIds.indices.contains(i), let sequence = e.sequenceIds[i],
                  inputs.indices.contains(sequence), e.offsets.indices.contains(i) else { return "" }
            let range = e.offsets[i], scalars = inputs[sequence]
            guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= scalars.count else { return "" }
            var source = String.UnicodeScalarView()
            source.append(contentsOf: scalars[range])
            return String(source)
        }
    }
}
