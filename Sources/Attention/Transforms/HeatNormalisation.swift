/// How smoothed weights become intensities in `0...1` for text heat.
///
/// - ``minMax``: per example, `(v - min) / (max - min)`, the note's rule.
/// - ``global``: the same with one min and max taken across all examples, so examples compare.
/// - ``none``: the smoothed values themselves, clamped to `0...1`.
///
/// **Equal values.** When every value of an example (or, for ``global``, of all examples) is the
/// same, `max - min` is zero: the note divides by zero and paints `rgba(255,0,0,NaN)`, which the
/// browser drops, so nothing is highlighted. attnviz gives every token intensity 0 in that case,
/// the same picture with a defined value. A single-token example is the simplest such case.
///
/// ```swift
/// HeatNormalisation.minMax.apply([[1, 2, 3]])   // [[0, 0.5, 1]]
/// HeatNormalisation.minMax.apply([[4, 4]])      // [[0, 0]]
/// HeatNormalisation.none.apply([[-1, 0.5, 2]])  // [[0, 0.5, 1]]
/// ```
public enum HeatNormalisation: String, CaseIterable, Sendable {
    /// Min-max within each example (the note).
    case minMax = "minmax"
    /// Min-max across all examples.
    case global
    /// Raw values clamped to `0...1`.
    case none

    /// Normalises every example's values; the result has the same shape as `examples`.
    public func apply(_ examples: [[Double]]) -> [[Double]] {
        switch self {
        case .minMax:
            return examples.map { Self.rescale($0, range: Self.range(of: [$0])) }
        case .global:
            let range = Self.range(of: examples)
            return examples.map { Self.rescale($0, range: range) }
        case .none:
            return examples.map { $0.map { min(max($0, 0), 1) } }
        }
    }

    private static func range(of examples: [[Double]]) -> (low: Double, high: Double) {
        var low = Double.infinity
        var high = -Double.infinity
        for values in examples {
            for v in values {
                low = min(low, v)
                high = max(high, v)
            }
        }
        return (low, high)
    }

    /// `(v - low) / (high - low)` exactly as the note computes it; 0 when the range is empty.
    private static func rescale(_ values: [Double], range: (low: Double, high: Double)) -> [Double] {
        let denominator = range.high - range.low
        guard denominator > 0 else { return values.map { _ in 0 } }
        return values.map { min(max(($0 - range.low) / denominator, 0), 1) }
    }
}
