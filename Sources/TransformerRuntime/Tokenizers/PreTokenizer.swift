/// Splits normalised text into words before the subword model sees them.
///
/// ```swift
/// let words = PreTokenizer.bert.split(NormalizedText("hello, world"))
/// words.map(\.string)   // ["hello", ",", "world"]
/// ```
enum PreTokenizer: Sendable, Equatable {
    /// BERT: split on whitespace (dropped), then isolate each punctuation character.
    case bert
    /// GPT-2's byte level: split with GPT-2's pattern (optionally after a leading space).
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    /// Numbers apart from the rest: each digit alone (`individual`), or runs of digits.
    case digits(individual: Bool)
    /// Each pre-tokenizer in turn, on every piece the previous ones made (SmolLM's digits, then
    /// byte level).
    case sequence([PreTokenizer])
    /// `Split` on a known pattern, each match its own piece (`Isolated`): Llama 3's and Qwen2's.
    case split(SplitPattern)
    /// `Split` on a literal string (Gemma: `" "`, merged with the previous piece).
    case splitOnString([Unicode.Scalar], behavior: StringSplitBehavior)

    /// What `Split` does with each occurrence of a literal pattern.
    enum StringSplitBehavior: String, Sendable {
        case removed = "Removed"
        case isolated = "Isolated"
        case mergedWithPrevious = "MergedWithPrevious"
        case mergedWithNext = "MergedWithNext"
    }
    /// SentencePiece's `Metaspace`: spaces become `replacement`, which is also prepended (always,
    /// or only to text at the start of the input: `first`), and with `split` each replacement
    /// starts a new piece.
    case metaspace(replacement: Unicode.Scalar, prepend: MetaspacePrepend, split: Bool)

    /// When `Metaspace` prepends its replacement.
    enum MetaspacePrepend: String, Sendable {
        case always, first, never
    }

    /// Whether the subword model sees bytes (a byte-level step ends the chain), not characters.
    var isByteLevel: Bool {
        switch self {
        case .byteLevel: return true
        case .sequence(let steps): return steps.last?.isByteLevel ?? false
        case .bert, .digits, .split, .splitOnString, .metaspace: return false
        }
    }

    /// The words of `text`, each keeping its origins.
    func split(_ text: NormalizedText) -> [NormalizedText] {
        switch self {
        case .bert:
            var words = [NormalizedText]()
            var start: Int?
            for i in 0..<text.count {
                let c = text.scalars[i]
                if UnicodeClasses.isWhitespace(c) {
                    if let s = start { words.append(text.slice(s..<i)); start = nil }
                } else if UnicodeClasses.isBertPunctuation(c) {
                    if let s = start { words.append(text.slice(s..<i)); start = nil }
                    words.append(text.slice(i..<(i + 1)))
                } else if start == nil {
                    start = i
                }
            }
            if let s = start { words.append(text.slice(s..<text.count)) }
            return words
        case .byteLevel(let addPrefixSpace, let useRegex):
            var text = text
            if addPrefixSpace, let first = text.scalars.first, first != " " {
                text = NormalizedText(scalars: [" "] + text.scalars, origins: [text.origins[0]] + text.origins)
            }
            guard useRegex else { return text.isEmpty ? [] : [text] }
            return GPT2Pattern.split(text.scalars).map { text.slice($0) }
        case .digits(let individual):
            var words = [NormalizedText]()
            var start = 0
            var i = 0
            while i < text.count {
                guard UnicodeClasses.isNumber(text.scalars[i]) else { i += 1; continue }
                if start < i { words.append(text.slice(start..<i)) }
                var end = i + 1
                if !individual { while end < text.count, UnicodeClasses.isNumber(text.scalars[end]) { end += 1 } }
                words.append(text.slice(i..<end))
                start = end
                i = end
            }
            if start < text.count { words.append(text.slice(start..<text.count)) }
            return words
        case .sequence(let steps):
            var pieces = [text]
            for step in steps { pieces = pieces.flatMap { step.split($0) } }
            return pieces
        case .split(let pattern):
            return pattern.split(text.scalars).map { text.slice($0) }
        case .splitOnString(let pattern, let behavior):
            guard !pattern.isEmpty else { return text.isEmpty ? [] : [text] }
            var pieces = [Range<Int>]()
            var start = 0, i = 0
            while i + pattern.count <= text.count {
                guard Array(text.scalars[i..<(i + pattern.count)]) == pattern else { i += 1; continue }
                let match = i..<(i + pattern.count)
                switch behavior {
                case .removed: pieces.append(start..<match.lowerBound); start = match.upperBound
                case .isolated: pieces += [start..<match.lowerBound, match]; start = match.upperBound
                case .mergedWithPrevious: pieces.append(start..<match.upperBound); start = match.upperBound
                case .mergedWithNext: pieces.append(start..<match.lowerBound); start = match.lowerBound
                }
                i = match.upperBound
            }
            pieces.append(start..<text.count)
            return pieces.filter { !$0.isEmpty }.map { text.slice($0) }
        case .metaspace(let replacement, let prepend, let split):
            var text = text
            text.map { $0 == " " ? [replacement] : [$0] }
            if let first = text.scalars.first, first != replacement, prepend == .always || (prepend == .first && text.origins.first == 0) {
                text = NormalizedText(scalars: [replacement] + text.scalars, origins: [text.origins[0]] + text.origins)
            }
            guard split else { return text.isEmpty ? [] : [text] }
            var pieces = [NormalizedText]()
            var start = 0
            for i in 1..<max(1, text.count) where text.scalars[i] == replacement {
                pieces.append(text.slice(start..<i))
                start = i
            }
            if start < text.count { pieces.append(text.slice(start..<text.count)) }
            return pieces
        }
    }
}
