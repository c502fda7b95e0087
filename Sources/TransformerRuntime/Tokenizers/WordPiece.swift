/// BERT's subword model: greedy longest-match-first over a vocabulary, continuation pieces
/// prefixed with `##`; a word with any unmatched part becomes the unknown token.
///
/// ```swift
/// let wp = WordPiece(vocabulary: ["un": 0, "##aff": 1, "##able": 2, "[UNK]": 3], unknownToken: "[UNK]")
/// wp.tokenize(NormalizedText("unaffable")).map(\.token)   // ["un", "##aff", "##able"]
/// ```
struct WordPiece: Sendable {
    var vocabulary: [String: Int]
    var unknownToken: String
    var continuingSubwordPrefix = "##"
    var maxInputCharsPerWord = 100

    /// The pieces of one word with their ranges in the word's scalars.
    func tokenize(_ word: NormalizedText) -> [(token: String, id: Int, range: Range<Int>)] {
        let unknown = { [(token: unknownToken, id: vocabulary[unknownToken] ?? 0, range: 0..<word.count)] }
        if word.count > maxInputCharsPerWord { return unknown() }
        var pieces = [(token: String, id: Int, range: Range<Int>)]()
        var start = 0
        while start < word.count {
            var end = word.count
            var found: (String, Int)?
            while start < end {
                var candidate = String(String.UnicodeScalarView(word.scalars[start..<end]))
                if start > 0 { candidate = continuingSubwordPrefix + candidate }
                if let id = vocabulary[candidate] {
                    found = (candidate, id)
                    break
                }
                end -= 1
            }
            guard let (token, id) = found else { return unknown() }
            pieces.append((token, id, start..<end))
            start = end
        }
        return pieces
    }
}
