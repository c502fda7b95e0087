/// The input on which `duplicate` and `induction` head scores mean something: a random token
/// sequence seen twice (`r₁ … r_L r₁ … r_L`), between the special tokens the tokenizer puts
/// around a text (a Llama BOS, BERT's `[CLS]`/`[SEP]`, nothing for GPT-2), as TransformerLens
/// users probe induction heads. In the second half, a duplicate-token head attends to the
/// earlier copy of each token and an induction head to the token after it.
///
/// ```swift
/// let probe = RepeatedTokenProbe(length: 50, seed: 0)
/// let encoding = probe.encoding(for: model)         // 100 random tokens + specials
/// let run = try model.run(encoding)
/// ```
public struct RepeatedTokenProbe: Sendable, Equatable {
    /// Tokens in each half.
    public var length: Int
    /// Seed of the random tokens (SplitMix64): the same seed gives the same ids everywhere.
    public var seed: UInt64

    /// A probe of `length` random tokens, repeated once.
    public init(length: Int, seed: UInt64) {
        self.length = length
        self.seed = seed
    }

    /// The ids drawn: `length` ids, uniform over the vocabulary without the tokenizer's added
    /// (special) tokens.
    public func randomIds(vocabularySize: Int, excluding isSpecial: (Int) -> Bool) -> [Int] {
        guard vocabularySize > 0 else { return [] }
        var random = SplitMix64(seed: seed)
        var ids = [Int]()
        ids.reserveCapacity(length)
        var attempts = 0
        while ids.count < length && attempts < length * 1000 {
            let id = random.below(vocabularySize)
            attempts += 1
            if !isSpecial(id) { ids.append(id) }
        }
        return ids
    }

    /// The probe for `model`: its leading special tokens, the random ids twice, its trailing ones.
    public func encoding(for model: TransformerModel) -> Encoding {
        let tokenizer = model.tokenizer
        let frame = tokenizer.encode("x")
        let firstText = frame.sequenceIds.firstIndex { $0 != nil } ?? frame.count
        let lastText = frame.sequenceIds.lastIndex { $0 != nil } ?? (frame.count - 1)
        let leading = Array(frame.ids[..<firstText])
        let trailing = lastText + 1 < frame.count ? Array(frame.ids[(lastText + 1)...]) : []
        let vocabulary = min(model.config.vocabularySize, tokenizer.vocabularyCount)
        let random = randomIds(vocabularySize: vocabulary, excluding: tokenizer.isAddedToken)
        return tokenizer.encoding(ids: leading + random + random + trailing)
    }
}
