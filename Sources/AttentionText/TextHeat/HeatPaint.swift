import Foundation

/// How a text-heat intensity in `0...1` becomes a colour, shared by every text-heat output so
/// HTML, LaTeX, terminal, PNG and PDF agree.
///
/// - ``tint(_:)``: the note's way, the colour laid over white paper with opacity = intensity
///   (`rgba(255,0,0,intensity)` for the note's red). Zero is white, one the full colour.
/// - ``colormap(_:)``: an opaque colour looked up in a matplotlib colormap.
///
/// ```swift
/// let paint = HeatPaint.note
/// paint.css(at: 0.5)              // "rgba(255,0,0,0.5)"
/// paint.color(at: 0.5).hex        // "#ff8080"
/// HeatPaint.colormap(try .named("YlOrRd")).css(at: 1)   // "#800026"
/// ```
public enum HeatPaint: Hashable, Sendable {
    /// A colour laid over white with opacity = intensity (times the colour's own alpha).
    case tint(CSSColor)
    /// A colormap lookup.
    case colormap(Colormap)

    /// The note's `rgba(255,0,0,intensity)`.
    public static let note = HeatPaint.tint(CSSColor(rgb: RGB(red: 255, green: 0, blue: 0)))

    /// The paper the tint is laid over.
    public static let paper = RGB.white

    /// The CSS background for an intensity: `rgba(r,g,b,a)` for a tint (exactly the note's
    /// value for the note's red), `#rrggbb` for a colormap.
    public func css(at intensity: Double) -> String {
        switch self {
        case .tint(let colour):
            let c = colour.rgb
            return "rgba(\(c.red),\(c.green),\(c.blue),\(Self.decimal(opacity(colour, intensity))))"
        case .colormap(let map):
            return map.color(at: intensity).hex
        }
    }

    /// The opaque colour an intensity shows on white paper: what LaTeX, the terminal and
    /// Cairo paint.
    public func color(at intensity: Double) -> RGB {
        switch self {
        case .tint(let colour):
            let a = opacity(colour, intensity)
            func mix(_ c: UInt8, _ p: UInt8) -> UInt8 {
                UInt8(min(max((Double(c) * a + Double(p) * (1 - a)).rounded(), 0), 255))
            }
            let p = Self.paper
            return RGB(red: mix(colour.rgb.red, p.red), green: mix(colour.rgb.green, p.green), blue: mix(colour.rgb.blue, p.blue))
        case .colormap(let map):
            return map.color(at: intensity)
        }
    }

    /// Black or white, whichever reads better on `color(at:)` (WCAG contrast).
    public func ink(at intensity: Double) -> RGB {
        let background = color(at: intensity).luminance
        let onBlack = (background + 0.05) / 0.05
        let onWhite = 1.05 / (background + 0.05)
        return onBlack >= onWhite ? RGB(red: 17, green: 17, blue: 17) : .white
    }

    private func opacity(_ colour: CSSColor, _ intensity: Double) -> Double {
        let i = intensity.isFinite ? min(max(intensity, 0), 1) : 0
        return i * colour.alpha
    }

    /// A number as CSS and LaTeX read it: at most 10 decimals, no exponent, no trailing zeros
    /// (`1`, `0.5`, `0.7267759563`).
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
