import Attention
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

    /// The same style at another size.
    public func sized(_ size: Double) -> TextStyle {
        var copy = self
        copy.size = size
        return copy
    }
}

/// One line of text to measure or draw. What `TokenDisplay` replaces (controls, bidi
/// overrides and isolates, line separators, zero-width characters) is shown escaped (`\n`, `\t`,
/// `\u{1b}`, `\u{202e}`) so a token can never break the line, reorder or hide anything;
/// `maxWidth` ellipsises the end with `…` instead of clipping.
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

    /// The single-line string actually drawn: `TokenDisplay`'s escaped spelling (controls as
    /// `\n`, `\t`, `\r` or `\u{XX}`, bidi, separators and zero-width characters as `\u{XX}`,
    /// cut after `TokenDisplay.maximumLength` scalars).
    public var displayText: String { TokenDisplay.escaped(text) }
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
