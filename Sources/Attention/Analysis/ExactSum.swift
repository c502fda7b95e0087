/// A sum of real numbers that is the same in any order: each term is rounded once to a multiple
/// of 2⁻⁴⁰ (about 9·10⁻¹³) and added as a 128-bit integer. Corpus statistics keep their sums in
/// this form so that shards added in any grouping merge to exactly the numbers one run gives.
///
/// ```swift
/// var a = ExactSum(); a.add(0.1); a.add(0.2)
/// var b = ExactSum(); b.add(0.2); b.add(0.1)
/// a == b              // true, bit for bit
/// a.value             // 0.3 (within 2⁻⁴⁰ per term)
/// ```
public struct ExactSum: Hashable, Sendable {
    /// The high and low 64 bits of the two's-complement sum, in units of 2⁻⁴⁰.
    public private(set) var high: Int64
    /// The low 64 bits.
    public private(set) var low: UInt64

    static let scale = 1_099_511_627_776.0   // 2⁴⁰

    /// Zero.
    public init() { high = 0; low = 0 }

    /// A sum from its stored words (as decoded from JSON).
    public init(high: Int64, low: UInt64) { self.high = high; self.low = low }

    /// Adds `term`, which must be finite with |term| < 2²³ (attention scores are far inside).
    public mutating func add(_ term: Double) {
        guard term.isFinite else { return }
        let clamped = max(-8_388_607, min(8_388_607, term))
        add(high: clamped < 0 ? -1 : 0, low: UInt64(bitPattern: Int64((clamped * Self.scale).rounded())))
    }

    /// Adds another sum.
    public mutating func add(_ other: ExactSum) { add(high: other.high, low: other.low) }

    private mutating func add(high otherHigh: Int64, low otherLow: UInt64) {
        let (sum, carry) = low.addingReportingOverflow(otherLow)
        low = sum
        high = high &+ otherHigh &+ (carry ? 1 : 0)
    }

    /// The sum as a Double.
    public var value: Double {
        var high = high, low = low
        let negative = high < 0
        if negative {   // two's-complement negation of the 128-bit value
            low = ~low &+ 1
            high = ~high &+ (low == 0 ? 1 : 0)
        }
        let magnitude = (Double(UInt64(bitPattern: high)) * 18_446_744_073_709_551_616.0 + Double(low)) / Self.scale
        return negative ? -magnitude : magnitude
    }
}

extension ExactSum: Codable {
    /// Encoded as 32 hex digits (the 128-bit two's-complement words, high first), so no JSON
    /// reader rounds it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.hex(UInt64(bitPattern: high)) + Self.hex(low))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.utf8.count == 32, let high = UInt64(text.prefix(16), radix: 16), let low = UInt64(text.suffix(16), radix: 16) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "an exact sum is 32 hex digits, not '\(text.prefix(40))'")
        }
        self.init(high: Int64(bitPattern: high), low: low)
    }

    private static func hex(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
