/// Merges recovered from a SentencePiece vocabulary with scores (a GGUF `llama` tokenizer stores
/// no merges): every way to cut a token into two tokens of the vocabulary is a merge, ranked by
/// the whole token's score, highest first, then by the longer left and right parts — the order
/// transformers' `generate_merges` gives, so GGUF files tokenize as transformers reads them.
///
/// ```swift
/// SentencePieceMerges.generate(tokens: ["a", "b", "ab"], scores: [-1, -2, -0.5])   // [("a", "b")]
/// ```
enum SentencePieceMerges {
    static func generate(tokens: [String], scores: [Float]) -> [(String, String)] {
        var ids = [String: Int](minimumCapacity: tokens.count)
        for (id, token) in tokens.enumerated() { ids[token] = id }   // the last of a repeated token, as a dict comprehension keeps
        struct Candidate {
            var left: String, right: String
            var score: Float
            var leftLength: Int, rightLength: Int
            var order: Int
        }
        var candidates = [Candidate]()
        // transformers walks a {token: score} dict: the last score of a repeated token wins, at
        // the position of its first appearance.
        var lastScore = [String: Float](minimumCapacity: tokens.count)
        for (token, score) in zip(tokens, scores) { lastScore[token] = score }
        var seen = Set<String>()
        for token in tokens where seen.insert(token).inserted {
            let scalars = Array(token.unicodeScalars)
            var local = [(String, String, Int, Int, Int, Int)]()
            for cut in 1..<max(1, scalars.count) {
                let left = String(String.UnicodeScalarView(scalars[..<cut]))
                let right = String(String.UnicodeScalarView(scalars[cut...]))
                if let l = ids[left], let r = ids[right] { local.append((left, right, l, r, cut, scalars.count - cut)) }
            }
            local.sort { ($0.2, $0.3) < ($1.2, $1.3) }
            for (left, right, _, _, leftLength, rightLength) in local {
                candidates.append(Candidate(left: left, right: right, score: lastScore[token] ?? 0,
                                            leftLength: leftLength, rightLength: rightLength, order: candidates.count))
            }
        }
        // Python's stable sort with reverse=True: descending keys, ties in their original order.
        candidates.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.leftLength != b.leftLength { return a.leftLength > b.leftLength }
            if a.rightLength != b.rightLength { return a.rightLength > b.rightLength }
            return a.order < b.order
        }
        return candidates.map { ($0.left, $0.right) }
    }
}
