/// Measures text with Pango and fontconfig exactly as `CairoCanvas` draws it, without any
/// surface: what figure layouts use to place labels. Not thread-safe; use one per thread.
///
/// ```swift
/// let measurer = PangoTextMeasurer()
/// let extent = measurer.measure(TextRun("武汉市长江大桥", style: TextStyle(size: 10)))
/// extent.width            // ≈ 70 points
/// extent.unknownGlyphs    // 0 when a CJK font is installed
/// ```
public final class PangoTextMeasurer: TextMeasuring {
    private let text = PangoText()

    public init() {}

    public func measure(_ run: TextRun) -> TextExtent { text.prepare(run) }
}
