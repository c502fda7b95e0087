import Attention

/// Why the ``TileEngine`` could not answer: a request outside the attention (each case names the
/// parameter, so a server can answer 400 with it), or a failure reading or computing it.
///
/// ```swift
/// do { _ = try engine.tile(TileAddress(layer: 0, head: 0, level: 9, row: 0, column: 0)) }
/// catch { print(error) }   // "level 9 is out of range 0...5"
/// ```
public enum TileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A request parameter (`layer`, `head`, `level`, `row`, `column`, `query`, `key`, `k`)
    /// outside its valid range.
    case outOfRange(parameter: String, value: Int, valid: ClosedRange<Int>)
    /// A tile size, sink column or other setting the engine cannot use.
    case invalidSetting(String)
    /// The attention could not be read or computed (a file error, a missing BLAS library).
    case computation(String)

    /// Whether the request itself was wrong (as opposed to the data or the machine).
    public var isBadRequest: Bool {
        if case .outOfRange = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .outOfRange(let parameter, let value, let valid):
            valid.isEmpty || valid.upperBound < valid.lowerBound
                ? "\(parameter) \(value) is out of range (there is none)"
                : "\(parameter) \(value) is out of range \(valid.lowerBound)...\(valid.upperBound)"
        case .invalidSetting(let message):
            message
        case .computation(let message):
            message
        }
    }

    /// Checks `value` against `0...(count - 1)`.
    public static func check(_ parameter: String, _ value: Int, count: Int) throws(TileError) {
        guard value >= 0, value < count else { throw .outOfRange(parameter: parameter, value: value, valid: 0...max(0, count - 1)) }
    }
}
