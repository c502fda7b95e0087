import Attention
import Foundation

/// The JSON document attnviz writes and reads:
/// `{"tokens": [...], "attention": [[...]]}`, or with separate `"query_tokens"` and
/// `"key_tokens"` for cross attention; `"attention"` is nested arrays, up to
/// `[layers][heads][queries][keys]`.
///
/// ```swift
/// try JSONDocument.write(SeedExample.data, to: "gperes.json")
/// let back = try JSONDocument.data(from: JSONParser.parse(text), path: "gperes.json")
/// ```
public enum JSONDocument {
    /// Reads a parsed document.
    public static func data(from value: JSONValue, path: String) throws(FormatError) -> AttentionData {
        guard let attention = value["attention"] else {
            throw .malformed(path: path, problem: "no \"attention\" field")
        }
        let tensor = try JSONNestedArrays.tensor(from: attention, path: path, field: "attention")
        let shared = try tokens(value, "tokens", path: path)
        let query = try tokens(value, "query_tokens", path: path) ?? shared
        let key = try tokens(value, "key_tokens", path: path) ?? shared
        do { return try AttentionData(tensor: tensor, queryTokens: query, keyTokens: key) }
        catch { throw FormatError(path: path, error) }
    }

    private static func tokens(_ value: JSONValue, _ field: String, path: String) throws(FormatError) -> Tokens? {
        guard let found = value[field], found != .null else { return nil }
        guard case .array(let elements) = found else {
            throw .malformed(path: path, problem: "\"\(field)\" is \(found.kindName), expected an array of strings")
        }
        var strings = [String]()
        for (i, element) in elements.enumerated() {
            switch element {
            case .string(let s): strings.append(s)
            case .number(let n): strings.append(n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n))
            default: throw .malformed(path: path, problem: "\"\(field)\"[\(i)] is \(element.kindName), expected a string")
            }
        }
        return Tokens(strings)
    }

    /// The document text for `data`: `"tokens"` when both axes share labels, else
    /// `"query_tokens"`/`"key_tokens"`; attention nested in the tensor's stored dimensions.
    public static func encode(_ data: AttentionData) -> String {
        var out = "{"
        if let q = data.queryTokens, let k = data.keyTokens, q == k {
            out += "\"tokens\": " + encodeStrings(q.strings) + ", "
        } else {
            if let q = data.queryTokens { out += "\"query_tokens\": " + encodeStrings(q.strings) + ", " }
            if let k = data.keyTokens { out += "\"key_tokens\": " + encodeStrings(k.strings) + ", " }
        }
        let tensor = data.tensor
        let dims = tensor.storedDimensions.reduce(1, *) == tensor.shape.elementCount && !tensor.storedDimensions.isEmpty
            ? tensor.storedDimensions : tensor.shape.dimensions
        let values = tensor.allValues()
        out += "\"attention\": "
        var index = 0
        func emit(_ depth: Int) {
            if depth == dims.count {
                out += encodeNumber(values[index])
                index += 1
                return
            }
            out += "["
            for i in 0..<dims[depth] {
                if i > 0 { out += depth == dims.count - 1 ? ", " : ",\n" }
                emit(depth + 1)
            }
            out += "]"
        }
        emit(0)
        out += "}\n"
        return out
    }

    /// Writes `data` as a JSON document atomically.
    public static func write(_ data: AttentionData, to path: String) throws(FormatError) {
        try AtomicFile.write(encode(data), to: path)
    }

    /// A JSON number (Python's `NaN`/`Infinity` spellings for non-finite values).
    static func encodeNumber(_ v: Float) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
        if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
        return "\(v)"
    }

    /// A JSON array of escaped strings.
    public static func encodeStrings(_ strings: [String]) -> String {
        "[" + strings.map(encodeString).joined(separator: ", ") + "]"
    }

    /// A JSON string literal; escapes quotes, backslashes, control characters and `</`.
    static func encodeString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "/": out += "\\/"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
