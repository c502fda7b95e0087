import Attention
import Foundation

/// What the two ends of a text-heat colour key mean, by normalisation: per example the lowest
/// and highest smoothed weight; across examples (or raw) the actual values.
///
/// ```swift
/// TextHeatLegend.ends(for: heat)   // ("lowest", "highest smoothed weight in each example")
/// ```
public enum TextHeatLegend {
    /// Text for the low and the high end of the key.
    public static func ends(for heat: TextHeat) -> (low: String, high: String) {
        switch heat.normalisation {
        case .minMax:
            return ("lowest", "highest smoothed weight in each example")
        case .global:
            let values = heat.examples.flatMap(\.smoothed)
            return (number(values.min() ?? 0), number(values.max() ?? 0) + " (smoothed weight)")
        case .none:
            return ("0", "1 (smoothed weight)")
        }
    }

    /// Six significant digits, for tooltips and keys.
    static func number(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
