import Attention

extension ScoredTokens {
    /// What the head scores need from a model's encoding: its display tokens, the tokenizer's
    /// special tokens (those the post-processor added, and added tokens such as `<|im_start|>`
    /// in the text), and the ids, which say exactly which positions repeat.
    public init(_ encoding: Encoding) {
        let specials = Set(encoding.sequenceIds.indices.filter {
            encoding.sequenceIds[$0] == nil || TokenClass.isSpecial(encoding.tokens[$0])
        })
        self.init(keys: Tokens(encoding.displayTokens), specialPositions: specials, identity: encoding.ids)
    }
}
