/// GPT-2's pre-tokenisation pattern, matched by hand over Unicode scalars:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// The alternatives are tried in order at each position, as a backtracking regex engine does.
///
/// ```swift
/// GPT2Pattern.split(Array("I'm  here!".unicodeScalars))   // [0..<1, 1..<3, 3..<4, 4..<9, 9..<10]
/// ```
enum GPT2Pattern {
    private static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.unicodeScalars) }

    /// The consecutive ranges the pattern matches; together they cover all of `s`.
    static func split(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces = [Range<Int>]()
        var i = 0
        while i < s.count {
            let end = matchEnd(s, at: i)
            pieces.append(i..<end)
            i = end
        }
        return pieces
    }

    private static func isOther(_ c: Unicode.Scalar) -> Bool {
        !UnicodeClasses.isWhitespace(c) && !UnicodeClasses.isLetter(c) && !UnicodeClasses.isNumber(c)
    }

    /// The end of the match starting at `i` (always > i).
    private static func matchEnd(_ s: [Unicode.Scalar], at i: Int) -> Int {
        let n = s.count
        // 's|'t|'re|'ve|'m|'ll|'d
        if s[i] == "'" {
            for suffix in contractions {
                let end = i + 1 + suffix.count
                if end <= n && Array(s[(i + 1)..<end]) == suffix { return end }
            }
        }
        // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`
        for predicate in [UnicodeClasses.isLetter, UnicodeClasses.isNumber, isOther] {
            var j = i
            if s[j] == " " { j += 1 }
            if j < n && predicate(s[j]) {
                while j < n && predicate(s[j]) { j += 1 }
                return j
            }
        }
        // `\s+(?!\S)` then `\s+`
        var j = i
        while j < n && UnicodeClasses.isWhitespace(s[j]) { j += 1 }
        if j == i { return i + 1 }   // unreachable: every scalar is matched above
        if j == n { return j }
        if j - 1 > i { return j - 1 }
        return j
    }
}
