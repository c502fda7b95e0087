/// One number per attention head that says what the head does, each defined once here and
/// computed by ``HeadScoreSums`` (A is one head's matrix, T its number of query positions, and
/// "mean over q" is over the query positions where the score is defined):
///
/// | score | definition |
/// |---|---|
/// | `first` | mean over q of A[q,0]: the weight on the first token (the sink, `[CLS]`, `<s>`) |
/// | `self` | mean over q of A[q,q] |
/// | `previous` | mean over q ≥ 1 of A[q,q−1] |
/// | `next` | mean over q ≤ T−2 of A[q,q+1] |
/// | `entropy` | mean over q of −Σₖ A[q,k]·ln A[q,k], in nats (0·ln 0 = 0) |
/// | `special` | mean over q of Σ A[q,k] over special keys k (`[CLS]`, `[SEP]`, BOS, EOS, ...) |
/// | `punctuation` | mean over q of Σ A[q,k] over keys k whose token is punctuation |
/// | `duplicate` | mean over q of Σ A[q,k] over k < q with token k = token q |
/// | `induction` | mean over q of Σ A[q,k] over 1 ≤ k ≤ q with token k−1 = token q |
///
/// `duplicate` and `induction` are TransformerLens's head detector scores (`error_measure="mul"`,
/// nothing excluded): Σ(A ⊙ P) / ΣA with its duplicate-token and induction detection patterns P,
/// which is the mean above whenever each row of A sums to 1, as softmax rows do. They are
/// meaningful on a sequence that repeats (a random sequence twice, as `attnviz heads --model`
/// runs for them).
/// Positional scores need as many keys as the position they read; `duplicate` and `induction`
/// need the queries to be the keys (self-attention).
public enum HeadScore: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable, CustomStringConvertible {
    case first
    case `self`
    case previous
    case next
    case entropy
    case special
    case punctuation
    case duplicate
    case induction

    /// What the score measures, in a few words (for tables and legends).
    public var summary: String {
        switch self {
        case .first: return "weight on the first token"
        case .self: return "weight on the token itself"
        case .previous: return "weight on the previous token"
        case .next: return "weight on the next token"
        case .entropy: return "row entropy (nats): high = broad"
        case .special: return "weight on special tokens"
        case .punctuation: return "weight on punctuation"
        case .duplicate: return "weight on earlier copies of the token"
        case .induction: return "weight on the token after an earlier copy"
        }
    }

    /// Whether a low value is the notable one (entropy: focused heads), for ranking.
    public var ranksLowFirst: Bool { self == .entropy }

    public var description: String { rawValue }
}
