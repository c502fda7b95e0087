#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small strict JSON parser (RFC 8259 plus Python's `NaN`/`Infinity`) that keeps object
/// key order, limits nesting depth and reports errors with line and column.
///
/// ```swift
/// let value = try JSONParser.parse(#"{"武": {"汉": 0.9}}"#)
/// ```
public struct JSONParser {
    /// A syntax error at a position.
    public struct SyntaxError: Error, CustomStringConvertible, Equatable, Sendable {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
    }

    /// Deepest nesting accepted, which keeps recursion bounded on hostile input.
    public static let maximumDepth = 64

    /// What one parsed value costs in memory, at most, in bytes (a `JSONValue` in its array,
    /// or an object member with a short key): a memory limit allows that many times fewer values.
    public static let bytesPerValue = 40

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var depth = 0
    private let valueLimit: Int
    private var values = 0

    private init(bytes: UnsafeRawBufferPointer, valueLimit: Int) {
        self.bytes = bytes
        self.valueLimit = valueLimit
    }

    /// Parses a whole document from UTF-8 bytes; with a `memoryLimit` (bytes), a document
    /// holding more values than fit in it is refused as soon as the count is passed.
    public static func parse(bytes: UnsafeRawBufferPointer, memoryLimit: Int? = nil) throws(SyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, valueLimit: memoryLimit.map { max(1, $0 / bytesPerValue) } ?? Int.max)
        parser.skipByteOrderMark()
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// Parses a whole document from a string.
    public static func parse(_ text: String) throws(SyntaxError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, SyntaxError> = copy.withUTF8 { buffer in
            do throws(SyntaxError) { return .success(try parse(bytes: UnsafeRawBufferPointer(buffer))) }
            catch { return .failure(error) }
        }
        return try result.get()
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipByteOrderMark() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
    }

    private func error(_ message: String) -> SyntaxError {
        var line = 1
        var lineStart = 0
        for i in 0..<min(position, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return SyntaxError(message: message, line: line, column: position - lineStart + 1)
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        guard let c = current else { throw error("unexpected end of input") }
        values += 1
        if values > valueLimit {
            throw error("more than \(valueLimit) values, the most a \(valueLimit * Self.bytesPerValue)-byte memory limit holds")
        }
        switch c {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "N"): try expect("NaN"); return .number(.nan)
        case UInt8(ascii: "I"): try expect("Infinity"); return .number(.infinity)
        default: return .number(try parseNumber())
        }
    }

    private mutating func expect(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("unexpected end of input") }
        let start = word.utf8Start
        for i in 0..<count where bytes[position + i] != start[i] {
            throw error("unexpected character")
        }
        position += count
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var elements = [JSONValue]()
        skipWhitespace()
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard let c = current else { throw error("unterminated array") }
            position += 1
            if c == UInt8(ascii: "]") { return .array(elements) }
            guard c == UInt8(ascii: ",") else { position -= 1; throw error("expected ',' or ']' in array") }
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members = [JSONMember]()
        skipWhitespace()
        if current == UInt8(ascii: "}") { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key in object") }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after object key") }
            position += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            guard let c = current else { throw error("unterminated object") }
            position += 1
            if c == UInt8(ascii: "}") { return .object(members) }
            guard c == UInt8(ascii: ",") else { position -= 1; throw error("expected ',' or '}' in object") }
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        position += 1
        var scalars = [UInt8]()
        let start = position
        // Fast path: no escapes.
        while let c = current, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\"), c >= 0x20 { position += 1 }
        if current == UInt8(ascii: "\"") {
            let text = try decodeUTF8(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
            position += 1
            return text
        }
        scalars.append(contentsOf: bytes[start..<position])
        while true {
            guard let c = current else { throw error("unterminated string") }
            if c == UInt8(ascii: "\"") { position += 1; break }
            if c < 0x20 { throw error("control character in string") }
            if c != UInt8(ascii: "\\") { scalars.append(c); position += 1; continue }
            position += 1
            guard let e = current else { throw error("unterminated string") }
            position += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code) {
                    guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired surrogate in string")
                    }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair in string") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw error("unpaired surrogate in string")
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw error("invalid escape in string")
            }
        }
        guard let text = String(validating: scalars, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    private func decodeUTF8(_ buffer: UnsafeRawBufferPointer) throws(SyntaxError) -> String {
        guard let text = String(validating: buffer.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw error("string is not valid UTF-8")
        }
        return text
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("unterminated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = position
        if current == UInt8(ascii: "-") {
            position += 1
            if current == UInt8(ascii: "I") { try expect("Infinity"); return -.infinity }
        }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.position
            while let c = p.current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { p.position += 1 }
            return p.position - s
        }
        let integerStart = position
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { position = start; throw error("unexpected character") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") { throw error("leading zero in number") }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) > 0 else { throw error("expected digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw error("expected digits in exponent") }
        }
        let length = position - start
        guard length < 512 else { throw error("number too long") }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for i in 0..<length { buffer[i] = CChar(bitPattern: bytes[start + i]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
