/// What the token-dependent ``HeadScore``s need to know about a sequence: which keys are
/// special, which are punctuation, and (for `duplicate` and `induction`) which positions hold
/// the same token.
///
/// ```swift
/// let keys: Tokens = ["[CLS]", "the", "cat", ",", "the", "[SEP]"]
/// let scored = ScoredTokens(keys: keys)          // special 0 and 5, punctuation 3, "the" twice
/// let byIds = ScoredTokens(keys: keys, identity: [101, 1996, 4937, 1010, 1996, 102])
/// ```
public struct ScoredTokens: Sendable, Equatable {
    /// Per key: counts for `special`.
    public var special: [Bool]
    /// Per key: counts for `punctuation`.
    public var punctuation: [Bool]
    /// Per position, a number that is equal exactly where the tokens are equal (token ids, or the
    /// strings numbered in order of appearance); `nil` when queries are not the keys, which
    /// leaves `duplicate` and `induction` out.
    public var identity: [Int]?

    /// Classifies `keys` with ``TokenClass``, or takes the special positions given (a tokenizer
    /// knows its own). Without `identity`, equal strings are the same token when the sequence is
    /// self-attention (`selfAttention`, the default).
    public init(keys: Tokens, specialPositions: Set<Int>? = nil, identity: [Int]? = nil, selfAttention: Bool = true) {
        special = keys.indices.map { specialPositions?.contains($0) ?? TokenClass.isSpecial(keys[$0]) }
        punctuation = keys.map(TokenClass.isPunctuation)
        if let identity, identity.count == keys.count {
            self.identity = identity
        } else if selfAttention {
            var numbers = [String: Int]()
            self.identity = keys.map { token in
                if let n = numbers[token] { return n }
                numbers[token] = numbers.count
                return numbers.count - 1
            }
        } else {
            self.identity = nil
        }
    }

    /// For each query q, the earlier positions p < q holding the same token (its duplicates);
    /// induction reads the keys just after them (p + 1 ≤ q).
    func earlierCopies() -> [[Int]] {
        guard let identity else { return [] }
        var seen = [Int: [Int]]()
        var copies = [[Int]]()
        copies.reserveCapacity(identity.count)
        for (q, id) in identity.enumerated() {
            copies.append(seen[id] ?? [])
            seen[id, default: []].append(q)
        }
        return copies
    }
}
