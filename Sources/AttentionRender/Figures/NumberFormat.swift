import AttentionText
import Foundation

/// A Python format specification for numbers, as seaborn's `fmt` (default `.2g`): optional
/// `+`, optional `,` grouping, optional `.precision`, and a type `e E f F g G % d`.
///
/// ```swift
/// let fmt = try NumberFormat(".2g")
/// fmt.format(0.125)      // "0.12"
/// fmt.format(123456)     // "1.2e+05"
/// try NumberFormat(".1%").format(0.25)   // "25.0%"
/// ```
public struct NumberFormat: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Character, Sendable {
        case exponent = "e", exponentUpper = "E", fixed = "f", fixedUpper = "F"
        case general = "g", generalUpper = "G", percent = "%", integer = "d"
    }

    public let kind: Kind
    public let precision: Int?
    public let showsSign: Bool
    public let groupsThousands: Bool
    public let description: String

    /// Parses a format spec such as `.2g`, `.3f`, `+.1e`, `,d`, `.0%`.
    public init(_ spec: String) throws(RenderError) {
        description = spec
        var rest = Substring(spec)
        showsSign = rest.first == "+"
        if showsSign { rest = rest.dropFirst() }
        groupsThousands = rest.first == ","
        if groupsThousands { rest = rest.dropFirst() }
        var precision: Int?
        if rest.first == "." {
            rest = rest.dropFirst()
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let p = Int(digits), p <= 30 else {
                throw .invalidOption("format '\(spec)': expected digits after '.' (e.g. .2g)")
            }
            precision = p
            rest = rest.dropFirst(digits.count)
        }
        self.precision = precision
        if rest.isEmpty {
            kind = .general
        } else if rest.count == 1, let kind = Kind(rawValue: rest.first!) {
            self.kind = kind
        } else {
            throw .invalidOption("format '\(spec)' is not a number format like .2g, .3f, .1e, .0% or d")
        }
        if kind == .integer && precision != nil {
            throw .invalidOption("format '\(spec)': precision is not allowed with d")
        }
    }

    /// Formats `value` exactly as Python's `format(value, spec)`.
    public func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : (showsSign ? "+inf" : "inf") }
        var text: String
        switch kind {
        case .fixed, .fixedUpper:
            text = String(format: "%.\(precision ?? 6)f", value)
        case .exponent, .exponentUpper:
            text = String(format: "%.\(precision ?? 6)e", value)
        case .percent:
            text = String(format: "%.\(precision ?? 6)f", value * 100) + "%"
        case .integer:
            // Python int() truncates; adding +0.0 turns -0.0 into 0.
            text = String(format: "%.0f", value.rounded(.towardZero) + 0.0)
        case .general, .generalUpper:
            text = Self.general(value, precision: precision ?? 6)
        }
        if kind == .exponentUpper || kind == .generalUpper || kind == .fixedUpper { text = text.uppercased() }
        if groupsThousands { text = Self.grouped(text) }
        if showsSign && !text.hasPrefix("-") { text = "+" + text }
        return text
    }

    /// Python's `g`: `p` significant digits, fixed notation when the exponent is in -4..<p,
    /// trailing zeros removed.
    private static func general(_ value: Double, precision: Int) -> String {
        let p = max(precision, 1)
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let scientific = String(format: "%.\(p - 1)e", value)
        guard let e = scientific.lastIndex(of: "e"), let exponent = Int(scientific[scientific.index(after: e)...]) else {
            return scientific
        }
        if exponent >= -4 && exponent < p {
            return stripZeros(String(format: "%.\(p - 1 - exponent)f", value))
        }
        let mantissa = stripZeros(String(scientific[..<e]))
        let sign = exponent < 0 ? "-" : "+"
        let digits = String(abs(exponent))
        return mantissa + "e" + sign + (digits.count < 2 ? "0" + digits : digits)
    }

    private static func stripZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = Substring(text)
        while out.hasSuffix("0") { out = out.dropLast() }
        if out.hasSuffix(".") { out = out.dropLast() }
        return String(out)
    }

    private static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let integerPart = body.prefix { $0.isNumber }
        guard integerPart.count > 3 else { return text }
        var groups = [Substring]()
        var end = integerPart.endIndex
        while end > integerPart.startIndex {
            let start = integerPart.index(end, offsetBy: -3, limitedBy: integerPart.startIndex) ?? integerPart.startIndex
            groups.insert(integerPart[start..<end], at: 0)
            end = start
        }
        return (negative ? "-" : "") + groups.joined(separator: ",") + body.dropFirst(integerPart.count)
    }
}
