import AttentionText
import Foundation

/// How values between `vmin` and `vmax` map onto the colormap, as matplotlib's `Normalize`,
/// `PowerNorm` and `LogNorm`.
///
/// ```swift
/// let norm = try ColorNorm(parsing: "power:0.5")     // same as .sqrt
/// norm.normalize(0.25, vmin: 0, vmax: 1)             // 0.5
/// ```
public enum ColorNorm: Hashable, Sendable, CustomStringConvertible {
    /// `(v - vmin) / (vmax - vmin)`.
    case linear
    /// `PowerNorm(0.5)`: small weights get more of the colour range.
    case sqrt
    /// `LogNorm`: `vmin` must be positive; values at or below zero take the lowest colour.
    case log
    /// `PowerNorm(gamma)`.
    case power(Double)

    /// Parses `linear`, `sqrt`, `log` or `power:G` (G > 0).
    public init(parsing text: String) throws(RenderError) {
        let lower = text.lowercased()
        switch lower {
        case "linear": self = .linear
        case "sqrt": self = .sqrt
        case "log": self = .log
        default:
            guard lower.hasPrefix("power:"), let gamma = Double(lower.dropFirst(6)), gamma.isFinite, gamma > 0 else {
                throw .invalidOption("norm '\(text)' is not linear, sqrt, log or power:G with G > 0 (e.g. power:0.3)")
            }
            self = .power(gamma)
        }
    }

    public var description: String {
        switch self {
        case .linear: return "linear"
        case .sqrt: return "sqrt"
        case .log: return "log"
        case .power(let g): return "power:\(g)"
        }
    }

    /// The exponent of a power norm, `nil` for linear and log.
    var gamma: Double? {
        switch self {
        case .sqrt: return 0.5
        case .power(let g): return g
        default: return nil
        }
    }

    /// `value` mapped to 0...1 (outside for values outside the range, as matplotlib; power norms
    /// clip below `vmin` to 0). A degenerate range (`vmin == vmax`) maps everything to 0.
    @inlinable
    public func normalize(_ value: Double, vmin: Double, vmax: Double) -> Double {
        guard vmax > vmin else { return 0 }
        switch self {
        case .linear:
            return (value - vmin) / (vmax - vmin)
        case .sqrt:
            let x = (value - vmin) / (vmax - vmin)
            return x > 0 ? x.squareRoot() : 0
        case .power(let gamma):
            let x = (value - vmin) / (vmax - vmin)
            return x > 0 ? pow(x, gamma) : 0
        case .log:
            guard value > 0, vmin > 0 else { return -1 }
            return (Foundation.log(value) - Foundation.log(vmin)) / (Foundation.log(vmax) - Foundation.log(vmin))
        }
    }

    /// The value whose normalised position is `t` (inverse of `normalize`, for colour-bar ticks).
    public func value(at t: Double, vmin: Double, vmax: Double) -> Double {
        switch self {
        case .linear: return vmin + t * (vmax - vmin)
        case .sqrt: return vmin + t * t * (vmax - vmin)
        case .power(let gamma): return vmin + pow(max(t, 0), 1 / gamma) * (vmax - vmin)
        case .log: return exp(Foundation.log(vmin) + t * (Foundation.log(vmax) - Foundation.log(vmin)))
        }
    }
}
