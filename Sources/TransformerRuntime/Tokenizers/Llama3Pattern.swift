/// Llama 3's pre-tokenisation pattern (and Qwen2's, which takes digits one at a time), matched by
/// hand over Unicode scalars:
///
///     (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
///
/// The alternatives are tried in order at each position, as a backtracking regex engine does;
/// `maxDigits` is the `3` of `\p{N}{1,3}` (Qwen2: 1).
///
/// ```swift
/// Llama3Pattern.split(Array("I'M 12345!".unicodeScalars), maxDigits: 3)   // I, 'M, " ", 123, 45, !
/// ```
enum Llama3Pattern {
    /// The contractions, lower case; matched case-insensitively (`ſ` folds to `s`, as in Oniguruma).
    private static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.unicodeScalars) }

    /// The consecutive ranges the pattern matches; together they cover all of `s`.
    static func split(_ s: [Unicode.Scalar], maxDigits: Int) -> [Range<Int>] {
        var pieces = [Range<Int>]()
        var i = 0
        while i < s.count {
            let end = matchEnd(s, at: i, maxDigits: maxDigits)
            pieces.append(i..<end)
            i = end
        }
        return pieces
    }

    private static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\r" || c == "\n" }

    private static func folded(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c {
        case "A"..."Z": Unicode.Scalar(c.value + 32) ?? c
        case "\u{017F}": "s"   // LATIN SMALL LETTER LONG S
        default: c
        }
    }

    /// The end of the match starting at `i` (always > i).
    private static func matchEnd(_ s: [Unicode.Scalar], at i: Int, maxDigits: Int) -> Int {
        let n = s.count
        let isLetter = UnicodeClasses.isLetter, isNumber = UnicodeClasses.isNumber, isSpace = UnicodeClasses.isWhitespace
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if s[i] == "'" {
            for suffix in contractions {
                let end = i + 1 + suffix.count
                if end <= n && zip(s[(i + 1)..<end], suffix).allSatisfy({ folded($0) == $1 }) { return end }
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        var j = i
        if !isNewline(s[j]) && !isLetter(s[j]) && !isNumber(s[j]) && j + 1 < n && isLetter(s[j + 1]) { j += 1 }
        if isLetter(s[j]) {
            while j < n && isLetter(s[j]) { j += 1 }
            return j
        }
        // \p{N}{1,maxDigits}
        if isNumber(s[i]) {
            j = i
            while j < n && j - i < maxDigits && isNumber(s[j]) { j += 1 }
            return j
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n]*`
        func isOther(_ c: Unicode.Scalar) -> Bool { !isSpace(c) && !isLetter(c) && !isNumber(c) }
        j = i
        if s[j] == " " && j + 1 < n && isOther(s[j + 1]) { j += 1 }
        if isOther(s[j]) {
            while j < n && isOther(s[j]) { j += 1 }
            while j < n && isNewline(s[j]) { j += 1 }
            return j
        }
        // The whitespace run from i.
        var end = i
        while end < n && isSpace(s[end]) { end += 1 }
        if end == i { return i + 1 }   // unreachable: every scalar is matched above
        // `\s*[\r\n]+`: greedy whitespace gives back until a newline follows; the match ends after
        // the run's last newline.
        if let lastNewline = (i..<end).last(where: { isNewline(s[$0]) }) { return lastNewline + 1 }
        // `\s+(?!\S)` then `\s+`
        if end == n { return end }
        if end - 1 > i { return end - 1 }
        return end
    }
}
