/// Which keys count as special tokens or punctuation for the `special` and `punctuation`
/// ``HeadScore``s, decided from the token strings (a model run can pass its tokenizer's own
/// special tokens instead).
///
/// ```swift
/// TokenClass.isSpecial("[CLS]")            // true; also [SEP], <s>, </s>, <|endoftext|>, <bos>
/// TokenClass.isPunctuation(" ,")           // true: spaces and word-piece marks are ignored
/// TokenClass.isPunctuation("##.")          // true
/// TokenClass.isPunctuation("a.")           // false
/// ```
public enum TokenClass {
    /// `[UPPER]` (BERT's `[CLS]`, `[SEP]`, `[PAD]`, `[MASK]`, `[UNK]`), `<s>`, `</s>`, `<pad>`,
    /// `<unk>`, `<bos>`, `<eos>`, `<mask>` and `<|anything|>` (GPT-2's `<|endoftext|>`, chat
    /// markers such as `<|im_start|>`).
    public static func isSpecial(_ token: String) -> Bool {
        let t = token.trimmingWhitespace
        if t.hasPrefix("<|") && t.hasSuffix("|>") && t.count > 4 { return true }
        if ["<s>", "</s>", "<pad>", "<unk>", "<bos>", "<eos>", "<mask>"].contains(t) { return true }
        if t.hasPrefix("["), t.hasSuffix("]"), t.count > 2 {
            return t.dropFirst().dropLast().unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || $0 == "_" }
        }
        return false
    }

    /// Whether the token, without surrounding spaces and a leading `##` (WordPiece) or `▁`
    /// (SentencePiece), is one or more Unicode punctuation characters (general category P*).
    public static func isPunctuation(_ token: String) -> Bool {
        var t = Substring(token.trimmingWhitespace)
        if t.hasPrefix("##") { t = t.dropFirst(2) }
        while t.first == "▁" { t = t.dropFirst() }
        guard !t.isEmpty else { return false }
        return t.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation:
                return true
            default:
                return false
            }
        }
    }
}

extension String {
    /// The string without leading and trailing white space (Foundation-free).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
