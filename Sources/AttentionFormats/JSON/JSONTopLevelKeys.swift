/// The keys of a JSON document's top-level object, read from a prefix of the document without
/// parsing (or holding) any value: enough to tell document shapes apart by a few kilobytes.
///
/// ```swift
/// let keys = JSONTopLevelKeys.scan(prefix)   // ["texts", "weights"] for {"texts": [...], "weights": [...]}
/// ```
public enum JSONTopLevelKeys {
    /// The keys met before the prefix ends, the object closes or anything malformed: empty when
    /// the document is not an object. Keys are compared raw: escapes are left as written.
    public static func scan(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var scanner = Scanner(bytes: bytes)
        return scanner.keys()
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
        }

        /// The raw bytes of a string starting at the opening quote, or `nil` when it does not end.
        mutating func string() -> [UInt8]? {
            guard current == UInt8(ascii: "\"") else { return nil }
            position += 1
            let start = position
            while let c = current {
                if c == UInt8(ascii: "\\") { position += 2; continue }
                if c == UInt8(ascii: "\"") {
                    defer { position += 1 }
                    return Array(bytes[start..<position])
                }
                position += 1
            }
            return nil
        }

        /// Skips one value; false when the prefix ends inside it.
        mutating func skipValue() -> Bool {
            var depth = 0
            while let c = current {
                switch c {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                    if depth == 0 { return true }
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth == 0 { return true }  // the enclosing object ends: an empty value
                    depth -= 1
                    if depth == 0 { position += 1; return true }
                case UInt8(ascii: ","):
                    if depth == 0 { return true }
                default:
                    break
                }
                position += 1
            }
            return false
        }

        mutating func keys() -> [String] {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
            skipWhitespace()
            guard current == UInt8(ascii: "{") else { return [] }
            position += 1
            var keys: [String] = []
            while true {
                skipWhitespace()
                guard let key = string() else { return keys }
                keys.append(String(decoding: key, as: UTF8.self))
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return keys }
                position += 1
                skipWhitespace()
                guard skipValue() else { return keys }
                skipWhitespace()
                guard current == UInt8(ascii: ",") else { return keys }
                position += 1
            }
        }
    }
}
