/// The strict grammar of a `Host` value a loopback-bound server answers to: a loopback name,
/// optionally followed by `:` and a port, and nothing else.
///
/// Names: `localhost` (any case), a dotted quad `127.a.b.c` (each part 0-255 in plain decimal,
/// no leading zeros), or `[::1]`. Port: 1-5 digits, at most 65535.
///
/// ```swift
/// LoopbackAuthority.isValid("localhost:8080")     // true
/// LoopbackAuthority.isValid("[::1]:8080")         // true
/// LoopbackAuthority.isValid("localhost:evil")     // false
/// LoopbackAuthority.isValid("127.0.0.1.evil.com") // false
/// ```
enum LoopbackAuthority {
    /// Whether `authority` is exactly `name` or `name:port` as described above.
    static func isValid(_ authority: String) -> Bool {
        let bytes = Array(authority.utf8)
        let nameEnd: Int
        if bytes.first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            guard String(decoding: bytes[...close], as: UTF8.self) == "[::1]" else { return false }
            nameEnd = close + 1
        } else {
            nameEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
            guard isLoopbackName(bytes[..<nameEnd]) else { return false }
        }
        if nameEnd == bytes.count { return true }
        guard bytes[nameEnd] == UInt8(ascii: ":") else { return false }
        return isPort(bytes[(nameEnd + 1)...])
    }

    /// `localhost` in any case, or `127.a.b.c`.
    private static func isLoopbackName(_ name: ArraySlice<UInt8>) -> Bool {
        if String(decoding: name, as: UTF8.self).lowercased() == "localhost" { return true }
        let parts = name.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].elementsEqual("127".utf8) else { return false }
        return parts.allSatisfy(isOctet)
    }

    /// 0-255 in decimal without leading zeros.
    private static func isOctet(_ part: ArraySlice<UInt8>) -> Bool {
        guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
        if part.count > 1 && part.first == UInt8(ascii: "0") { return false }
        return value(of: part) <= 255
    }

    /// 1-5 digits, at most 65535.
    private static func isPort(_ port: ArraySlice<UInt8>) -> Bool {
        (1...5).contains(port.count) && port.allSatisfy(isDigit) && value(of: port) <= 65535
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func value(of digits: ArraySlice<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
