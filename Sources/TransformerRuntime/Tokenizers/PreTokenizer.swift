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
        }
    }
}
