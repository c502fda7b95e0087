/// Just enough of Python's literal syntax for `.npy` headers: a dict of strings, booleans and
/// tuples of integers.
struct PythonLiteralParser {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case int(Int)
        case tuple([Int])
        case list
        case none
    }

    struct Failure: Error { var message: String }

    private let chars: [Character]
    private var index = 0

    init(text: String) { chars = Array(text) }

    private mutating func skip() { while index < chars.count, chars[index].isWhitespace { index += 1 } }

    private mutating func take(_ c: Character) -> Bool {
        skip()
        if index < chars.count, chars[index] == c { index += 1; return true }
        return false
    }

    mutating func parseDictionary() throws(Failure) -> [String: Value] {
        guard take("{") else { throw Failure(message: "expected '{'") }
        var result = [String: Value]()
        while true {
            if take("}") { return result }
            guard case .string(let key) = try parseValue() else { throw Failure(message: "expected a string key") }
            guard take(":") else { throw Failure(message: "expected ':'") }
            result[key] = try parseValue()
            if take(",") { continue }
            guard take("}") else { throw Failure(message: "expected ',' or '}'") }
            return result
        }
    }

    private mutating func parseValue() throws(Failure) -> Value {
        skip()
        guard index < chars.count else { throw Failure(message: "unexpected end") }
        let c = chars[index]
        if c == "'" || c == "\"" {
            index += 1
            var text = ""
            while index < chars.count, chars[index] != c {
                text.append(chars[index])
                index += 1
            }
            guard index < chars.count else { throw Failure(message: "unterminated string") }
            index += 1
            return .string(text)
        }
        if c == "(" {
            // A shape holds integers only, so its items are read as words: no recursion, and no
            // nesting depth for a hostile header to exhaust the stack with.
            index += 1
            var items = [Int]()
            while true {
                if take(")") { return .tuple(items) }
                skip()
                let word = readWord()
                guard case .int(let n)? = Self.integer(word) else {
                    throw Failure(message: "shape must hold integers, found '\(word.isEmpty ? (index < chars.count ? String(chars[index]) : "end") : word)'")
                }
                items.append(n)
                if take(",") { continue }
                guard take(")") else { throw Failure(message: "expected ',' or ')' in shape") }
                return .tuple(items)
            }
        }
        if c == "[" {
            // Structured dtypes; skip to the matching bracket.
            var depth = 0
            while index < chars.count {
                if chars[index] == "[" { depth += 1 }
                if chars[index] == "]" { depth -= 1; if depth == 0 { index += 1; return .list } }
                index += 1
            }
            throw Failure(message: "unterminated list")
        }
        let word = readWord()
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            guard let n = Self.integer(word) else { throw Failure(message: "unexpected '\(word.isEmpty ? String(c) : word)'") }
            return n
        }
    }

    /// Letters, digits and `-` from the current position (at most 64 of them).
    private mutating func readWord() -> String {
        var word = ""
        while index < chars.count, word.count < 64, chars[index].isLetter || chars[index].isNumber || chars[index] == "-" {
            word.append(chars[index])
            index += 1
        }
        return word
    }

    /// A Python integer literal (with Python 2's `L` suffix allowed), or `nil`.
    private static func integer(_ word: String) -> Value? {
        let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
        return Int(digits).map(Value.int)
    }
}
