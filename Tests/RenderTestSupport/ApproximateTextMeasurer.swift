import AttentionRender

/// Measures text without any font: every scalar of a run's display text is 0.6 em wide (wide
/// East Asian characters and emoji 1 em), a line is 1.2 em tall with its baseline at 0.95 em,
/// and a run with `maxWidth` is cut to fit with a 0.6 em `…`. Deterministic, so layout tests
/// give the same boxes on every machine and need neither Pango nor fontconfig.
///
/// ```swift
/// let measurer = ApproximateTextMeasurer()
/// measurer.measure(TextRun("武汉", style: TextStyle(size: 10))).width   // 20
/// measurer.measure(TextRun("abc", style: TextStyle(size: 10))).width    // 18
/// ```
public struct ApproximateTextMeasurer: TextMeasuring, Sendable {
    public init() {}

    /// The width of one scalar, in em.
    public static func advance(_ scalar: Unicode.Scalar) -> Double {
        let v = scalar.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1FAFF).contains(v)
            || (0x20000...0x3FFFD).contains(v)
        return wide ? 1 : 0.6
    }

    public func measure(_ run: TextRun) -> TextExtent {
        let size = run.style.size
        var width = run.displayText.unicodeScalars.reduce(0) { $0 + Self.advance($1) } * size
        if let maxWidth = run.maxWidth, width > maxWidth {
            // Ellipsised as Pango does: the end replaced by `…`, never wider than asked.
            width = max(0, maxWidth)
        }
        return TextExtent(width: width, height: 1.2 * size, baseline: 0.95 * size)
    }
}
