import Foundation

/// Evenly spaced round tick values inside a range, as matplotlib's `MaxNLocator` with steps
/// 1, 2, 2.5, 5, 10, and decade ticks for log scales.
///
/// ```swift
/// NiceTicks.linear(0, 1, bins: 9).values    // [0, 0.2, 0.4, 0.6, 0.8, 1]
/// NiceTicks.linear(0, 1, bins: 9).labels    // ["0.0", "0.2", ..., "1.0"]
/// ```
public struct NiceTicks: Hashable, Sendable {
    /// The tick values, ascending.
    public let values: [Double]
    /// Their labels, all with the same number of decimals.
    public let labels: [String]

    /// At most `bins + 1` ticks on a round step inside `[low, high]`.
    public static func linear(_ low: Double, _ high: Double, bins: Int) -> NiceTicks {
        guard high > low, low.isFinite, high.isFinite else {
            // One value (all cells equal): show it as it is.
            return NiceTicks(values: [low], labels: [(try? NumberFormat(".6g"))?.format(low) ?? "\(low)"])
        }
        let raw = (high - low) / Double(max(bins, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        var step = 10 * magnitude
        for m in [1, 2, 2.5, 5, 10] where m * magnitude >= raw * (1 - 1e-9) {
            step = m * magnitude
            break
        }
        var values = [Double]()
        var k = (low / step - 1e-9).rounded(.up)
        while k * step <= high + step * 1e-9 {
            let v = k * step
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        if values.isEmpty { values = [low, high] }
        return NiceTicks(values: values, labels: values.map { label($0, step: step) })
    }

    /// Powers of ten inside `[low, high]` (low > 0); falls back to linear values when the range
    /// spans less than two decades.
    public static func log(_ low: Double, _ high: Double, bins: Int) -> NiceTicks {
        guard low > 0, high > low else { return linear(low, high, bins: bins) }
        let first = Int((log10(low) - 1e-9).rounded(.up))
        let last = Int((log10(high) + 1e-9).rounded(.down))
        guard last - first >= 1 else { return linear(low, high, bins: bins) }
        let every = max(1, Int((Double(last - first + 1) / Double(max(bins, 1))).rounded(.up)))
        let values = stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
        let format = (try? NumberFormat("g")) ?? nil
        return NiceTicks(values: values, labels: values.map { format?.format($0) ?? "\($0)" })
    }

    /// A label with as many decimals as the step needs (`0.0, 0.2, ...`, `0.00, 0.25, ...`).
    static func label(_ value: Double, step: Double) -> String {
        let largest = max(abs(value), step)
        if largest >= 1e5 || step < 1e-4 {
            return (try? NumberFormat(".3g"))?.format(value) ?? "\(value)"
        }
        var decimals = max(0, Int((-log10(step) + 1 - 1e-9).rounded(.down)))
        let mantissa = step / pow(10, log10(step).rounded(.down))
        if abs(mantissa - 2.5) < 1e-6 { decimals += 1 }
        if step >= 1 && abs(step.rounded() - step) < 1e-9 { decimals = 0 }
        return String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }

    private init(values: [Double], labels: [String]) {
        self.values = values
        self.labels = labels
    }
}
