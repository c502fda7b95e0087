import Foundation

/// How a text run looks: a fontconfig family list, a size in points, a weight.
///
/// The default family `sans-serif` names the sans faces attnviz prefers first (DejaVu Sans,
/// WenQuanYi Micro Hei or Noto Sans CJK for Chinese), then the system's
/// sans-serif, falling back per character: Chinese is drawn in a sans face even on machines where
/// fontconfig ranks a calligraphic Kai font first for `sans-serif` (as TeX Live's Chinese
/// packages make it).
///
/// ```swift
/// let labels = TextStyle(size: 10)
/// let title = TextStyle(family: "DejaVu Sans, WenQuanYi Micro Hei", size: 12, bold: true)
/// ```
public struct TextStyle: Hashable, Sendable {
    /// A Pango family list, e.g. `"sans-serif"` or `"Noto Sans CJK SC, DejaVu Sans"`.
    public var family: String
    /// Size in points.
    public var size: Double
    /// Bold weight.
    public var bold: Bool

    public init(family: String = "sans-serif", size: Double = 10, bold: Bool = false) {
        self.family = family
        self.size = size
        self.bold = bold
    }

    /// The family list given to Pango: `sans-serif` expands to the preferred sans faces, then
    /// `sans-serif` itself; any other list is used as written.
    var pangoFamilies: String {
        let trimmed = family.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed == "sans-serif" || trimmed == "sans" ? Self.preferredSans : family
    }

    /// The sans faces `sans-serif` means, in order.
    static let preferredSans = "DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"

    /// The same style at another size.
    public func sized(_ size: Double) -> TextStyle {
        var copy = self
        copy.size = size
        return copy
    }
}

/// One line of text to measure or draw. Control and bidi-override characters are shown escaped
/// (`\n`, `\t`, `\u{1b}`, `\u{202e}`) so a token can never break the line or inject anything; `maxWidth` ellipsises
/// the end with `…` instead of clipping.
///
/// ```swift
/// let run = TextRun("▁international", style: TextStyle(size: 9), maxWidth: 60)
/// ```
public struct TextRun: Hashable, Sendable {
    /// The text as given.
    public var text: String
    /// Font family, size, weight.
    public var style: TextStyle
    /// Longest width in points before the end is replaced by `…`; `nil` for no limit.
    public var maxWidth: Double?

    public init(_ text: String, style: TextStyle = TextStyle(), maxWidth: Double? = nil) {
        self.text = text
        self.style = style
        self.maxWidth = maxWidth
    }

    /// The single-line string actually drawn: control characters escaped as `\n`, `\t`, `\r`
    /// or `\u{XX}`.
    public var displayText: String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = scalar.value
                // C0/C1 controls, line/paragraph separators, and bidi controls that could
                // reorder a label or the text after it.
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0x200E || v == 0x200F
                    || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0xFEFF {
                    out += "\\u{" + String(v, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// The measured box of a text run: its logical width and height (line height) in points,
/// the distance from the top to the baseline, and how many characters no installed font could
/// show (drawn as boxes).
public struct TextExtent: Hashable, Sendable {
    public var width: Double
    public var height: Double
    public var baseline: Double
    public var unknownGlyphs: Int

    public init(width: Double, height: Double, baseline: Double, unknownGlyphs: Int = 0) {
        self.width = width
        self.height = height
        self.baseline = baseline
        self.unknownGlyphs = unknownGlyphs
    }

    public var size: Size { Size(width: width, height: height) }
}

/// Anything that can measure text the way it will be drawn. Layouts take one so they can be
/// computed (and tested) without rasterising; `PangoTextMeasurer` is the real one.
///
/// ```swift
/// let measurer = PangoTextMeasurer()
/// measurer.measure(TextRun("武汉市长江大桥")).unknownGlyphs   // 0 with a CJK font installed
/// ```
public protocol TextMeasuring {
    /// The box `run` occupies when drawn unrotated.
    func measure(_ run: TextRun) -> TextExtent
}
