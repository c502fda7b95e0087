/// The regular expressions of `Split` pre-tokenizers that attnviz matches by hand (exactly, and
/// fast): GPT-2's, Llama 3's and Qwen2's. Any other pattern is refused when the tokenizer is read.
///
/// ```swift
/// SplitPattern(regex: #"(?i:'s|'t|...)"#)   // .llama3
/// ```
enum SplitPattern: Sendable, Equatable {
    case gpt2
    case llama3
    case qwen2

    static let gpt2Regex = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    static let llama3Regex = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let qwen2Regex = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    /// The pattern spelled `regex`, or `nil` when attnviz does not know it.
    init?(regex: String) {
        switch regex {
        case Self.gpt2Regex: self = .gpt2
        case Self.llama3Regex: self = .llama3
        case Self.qwen2Regex: self = .qwen2
        default: return nil
        }
    }

    /// The consecutive ranges the pattern matches; together they cover all of `s`.
    func split(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        switch self {
        case .gpt2: GPT2Pattern.split(s)
        case .llama3: Llama3Pattern.split(s, maxDigits: 3)
        case .qwen2: Llama3Pattern.split(s, maxDigits: 1)
        }
    }
}
