import AttentionText

/// The colour bar beside a figure's cells, shared by ``Heatmap`` and ``HeadGrid``: where the
/// bar, its tick marks, tick labels and rotated label go (as matplotlib's colorbar: ticks and
/// labels on the right, the last colour on top), and how its gradient is drawn.
///
/// A figure first reserves ``room(fontSize:barWidth:tickLabelWidth:)`` right of its cells (plus
/// ``labelRoom(fontSize:lineHeight:)`` when the bar has a label), then places the bar beside the
/// cells it settled on.
///
/// ```swift
/// let ticks = ColorBar.ticks(for: scale, bins: 5)
/// let bar = ColorBar(besideCells: plot, width: 12, scale: scale, ticks: ticks, tickLabelWidth: 18,
///                    label: "weight", labelStyle: TextStyle(size: 10), measurer: PangoTextMeasurer())
/// bar.drawGradient(scale.colormap, on: canvas)
/// ```
public struct ColorBar: Sendable {
    /// A tick: its value and its height on the page.
    public struct Tick: Hashable, Sendable {
        public var value: Double
        public var y: Double
    }

    /// The gradient's rectangle.
    public let rect: Rect
    /// The ticks inside the colour range, bottom (lowest value) first.
    public let ticks: [Tick]
    /// The tick marks, stroked with the figure's other ticks.
    public let tickMarks: Path
    /// Tick labels, then the bar's label if any: candidates for the figure's label placement.
    public let texts: [PlacedText]

    /// Gap between the cells and the bar, for labels of `f` points.
    public static func gap(fontSize f: Double) -> Double { 1.2 * f }
    /// Length of a tick mark.
    public static func tickLength(fontSize f: Double) -> Double { 0.35 * f }
    /// Gap between a tick mark and its label.
    public static func tickPad(fontSize f: Double) -> Double { 0.35 * f }

    /// The width the bar takes right of the cells: gap, bar, tick, pad and the widest tick label.
    public static func room(fontSize f: Double, barWidth: Double, tickLabelWidth: Double) -> Double {
        gap(fontSize: f) + barWidth + tickLength(fontSize: f) + tickPad(fontSize: f) + tickLabelWidth
    }

    /// The further width a bar's (rotated) label takes.
    public static func labelRoom(fontSize f: Double, lineHeight: Double) -> Double { 0.5 * f + lineHeight }

    /// Round tick values over the scale's range: decades for a log norm, else at most `bins + 1`
    /// linear steps.
    public static func ticks(for scale: ColorScale, bins: Int) -> NiceTicks {
        scale.norm == .log ? NiceTicks.log(scale.vmin, scale.vmax, bins: bins) : NiceTicks.linear(scale.vmin, scale.vmax, bins: bins)
    }

    /// Places a bar `width` points wide right of `cells`, as tall as they are, with the ticks of
    /// `ticks` that fall in the scale's range; its label (if any) right of tick labels up to
    /// `tickLabelWidth` wide, rotated, cut to the bar's height.
    public init(besideCells cells: Rect, width: Double, scale: ColorScale, ticks: NiceTicks, tickLabelWidth: Double,
                label: String?, labelStyle: TextStyle, measurer: some TextMeasuring) {
        let f = labelStyle.size
        let tickLength = Self.tickLength(fontSize: f), tickPad = Self.tickPad(fontSize: f)
        let bar = Rect(x: cells.maxX + Self.gap(fontSize: f), y: cells.minY, width: width, height: cells.height)
        var placedTicks: [Tick] = []
        var marks = Path()
        var texts: [PlacedText] = []
        for (value, text) in zip(ticks.values, ticks.labels) {
            let t = scale.position(of: value)
            guard t >= -1e-9, t <= 1 + 1e-9 else { continue }
            let y = bar.maxY - t * bar.height
            placedTicks.append(Tick(value: value, y: y))
            marks.segment(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + tickLength, y: y))
            let run = TextRun(text, style: labelStyle)
            texts.append(PlacedText(role: .colorBarTick, run: run, point: Point(x: bar.maxX + tickLength + tickPad, y: y),
                                    anchor: TextAnchor(.leading, .middle), extent: measurer.measure(run)))
        }
        if let label, !label.isEmpty {
            let run = TextRun(label, style: labelStyle, maxWidth: bar.height)
            texts.append(PlacedText(role: .colorBarLabel, run: run,
                                    point: Point(x: bar.maxX + tickLength + tickPad + tickLabelWidth + 0.5 * f, y: bar.center.y),
                                    anchor: TextAnchor(.center, .top), rotation: 90, extent: measurer.measure(run)))
        }
        rect = bar
        self.ticks = placedTicks
        tickMarks = marks
        self.texts = texts
    }

    /// Draws `colormap`'s table as the vertical gradient filling ``rect``, the last colour on
    /// top, one image pixel per table entry.
    public func drawGradient(_ colormap: Colormap, on canvas: some Canvas) {
        Self.drawGradient(colormap, in: rect, on: canvas)
    }

    /// Draws `colormap`'s gradient filling `rect` (a bar a layout placed earlier).
    public static func drawGradient(_ colormap: Colormap, in rect: Rect, on canvas: some Canvas) {
        var image = RasterImage(width: 1, height: colormap.table.count)
        for (i, color) in colormap.table.reversed().enumerated() { image[0, i] = color }
        canvas.draw(image, in: rect)
    }
}
