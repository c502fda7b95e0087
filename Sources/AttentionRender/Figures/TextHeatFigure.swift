import Attention
import AttentionText
import Foundation

/// Text heat as a picture (PNG, SVG or PDF through ``CairoCanvas``): the note's page drawn with
/// Pango, so CJK text renders with the installed CJK font. One block per example (its heading,
/// then its tokens on a white panel, wrapped to the width), each token on its background colour.
///
/// The layout is computed up front in points (``tokenBoxes``), so it can be checked without
/// rasterising and every backend draws the same picture.
///
/// ```swift
/// let png = try TextHeatFigure.render(.seedExample, format: .png(dpi: 144))
/// try AtomicFile.write(png, to: "text.png")
/// ```
public struct TextHeatFigure {
    /// Look and size.
    public struct Options: Sendable {
        public var title: String
        public var paint: HeatPaint
        /// A colour key under the title.
        public var legend: Bool
        /// Page width in points.
        public var width: Double
        /// Token font size in points.
        public var fontSize: Double

        public init(title: String = "Heatmaps", paint: HeatPaint = .note, legend: Bool = false, width: Double = 560, fontSize: Double = 13) {
            self.title = title
            self.paint = paint
            self.legend = legend
            self.width = width
            self.fontSize = fontSize
        }
    }

    /// One token placed on the page.
    public struct PlacedToken: Sendable {
        /// The background box.
        public var box: Rect
        /// What is drawn (a leading space for tokens after the first on a line, as the note).
        public var text: String
        public var intensity: Double
    }

    public let options: Options
    /// Page size in points.
    public let size: Size
    /// Each example's tokens, in order.
    public let tokenBoxes: [[PlacedToken]]
    private let headings: [(String, Point)]
    private let panels: [Rect]
    private let legendBox: Rect?
    private let legendEnds: (low: String, high: String)
    private let margin = 20.0

    private var titleStyle: TextStyle { TextStyle(size: options.fontSize + 3, bold: true) }
    private var headingStyle: TextStyle { TextStyle(size: options.fontSize - 1, bold: true) }
    private var tokenStyle: TextStyle { TextStyle(size: options.fontSize) }
    private var legendStyle: TextStyle { TextStyle(size: options.fontSize - 3) }

    /// Lays out `heat` with text measured by `measurer` (a canvas, or `PangoTextMeasurer()`).
    public init(_ heat: TextHeat, options: Options = Options(), measurer: some TextMeasuring) {
        self.options = options
        let width = max(options.width, 160)
        let inner = width - 2 * margin
        let padding = 4.0
        var y = margin
        var headings: [(String, Point)] = []
        let titleExtent = measurer.measure(TextRun(options.title, style: TextStyle(size: options.fontSize + 3, bold: true)))
        headings.append((options.title, Point(x: margin, y: y)))
        y += titleExtent.height + 8
        var legendBox: Rect?
        if options.legend {
            let h = measurer.measure(TextRun("0", style: TextStyle(size: options.fontSize - 3))).height
            legendBox = Rect(x: margin, y: y, width: min(inner, 360), height: h)
            y += h + 10
        }
        var panels: [Rect] = []
        var boxes: [[PlacedToken]] = []
        for example in heat.examples {
            let heading = example.label ?? "Example:"
            headings.append((heading, Point(x: margin, y: y)))
            y += measurer.measure(TextRun(heading, style: TextStyle(size: options.fontSize - 1, bold: true))).height + 3
            let panelTop = y
            y += padding
            var x = margin + padding
            let right = margin + inner - padding
            var placed: [PlacedToken] = []
            let lineHeight = measurer.measure(TextRun("Ag武", style: TextStyle(size: options.fontSize))).height
            for (index, token) in example.tokens.enumerated() {
                let intensity = example.intensities[index]
                var text = (index == 0 || x == margin + padding ? "" : " ") + token
                var extent = measurer.measure(TextRun(text, style: TextStyle(size: options.fontSize)))
                if x + extent.width > right && x > margin + padding {
                    x = margin + padding
                    y += lineHeight + 3
                    text = token
                    extent = measurer.measure(TextRun(text, style: TextStyle(size: options.fontSize)))
                }
                let w = min(extent.width, right - x)
                placed.append(PlacedToken(box: Rect(x: x, y: y, width: w, height: lineHeight), text: text, intensity: intensity))
                x += w
            }
            y += lineHeight + padding
            panels.append(Rect(x: margin, y: panelTop, width: inner, height: y - panelTop))
            boxes.append(placed)
            y += 12
        }
        self.size = Size(width: width, height: (y - 12 + margin).rounded(.up))
        self.tokenBoxes = boxes
        self.headings = headings
        self.panels = panels
        self.legendBox = legendBox
        self.legendEnds = TextHeatLegend.ends(for: heat)
    }

    /// Draws the figure; the canvas should be ``size``.
    public func draw(on canvas: some Canvas) {
        canvas.fill(Rect(x: 0, y: 0, width: canvas.size.width, height: canvas.size.height), color: .white)
        let grey = RGBA(grey: 0.886)
        for (index, (text, point)) in headings.enumerated() {
            let style = index == 0 ? titleStyle : headingStyle
            canvas.draw(TextRun(text, style: style, maxWidth: size.width - 2 * margin), at: point,
                        anchor: TextAnchor(.leading, .top), rotation: 0, color: RGBA(grey: 0.067))
        }
        if let legendBox { drawLegend(in: legendBox, on: canvas) }
        for (panel, tokens) in zip(panels, tokenBoxes) {
            canvas.stroke(.rectangle(panel), color: grey, width: 0.75)
            for token in tokens {
                canvas.fill(token.box, color: RGBA(options.paint.color(at: token.intensity)))
                canvas.draw(TextRun(token.text, style: tokenStyle, maxWidth: token.box.width + 0.5),
                            at: Point(x: token.box.minX, y: token.box.minY),
                            anchor: TextAnchor(.leading, .top), rotation: 0, color: RGBA(options.paint.ink(at: token.intensity)))
            }
        }
    }

    private func drawLegend(in box: Rect, on canvas: some Canvas) {
        let (low, high) = legendEnds
        let lowWidth = canvas.measure(TextRun(low, style: legendStyle)).width
        let highWidth = canvas.measure(TextRun(high, style: legendStyle)).width
        let barX = box.minX + lowWidth + 6
        let barWidth = max(40, box.width - lowWidth - highWidth - 12)
        canvas.draw(TextRun(low, style: legendStyle), at: Point(x: box.minX, y: box.minY), anchor: TextAnchor(.leading, .top), rotation: 0, color: .black)
        let steps = 64
        for i in 0..<steps {
            let x = Double(i) / Double(steps - 1)
            canvas.fill(Rect(x: barX + barWidth * Double(i) / Double(steps), y: box.minY + 1, width: barWidth / Double(steps) + 0.3, height: box.height - 2),
                        color: RGBA(options.paint.color(at: x)))
        }
        canvas.stroke(.rectangle(Rect(x: barX, y: box.minY + 1, width: barWidth, height: box.height - 2)), color: RGBA(grey: 0.6), width: 0.5)
        canvas.draw(TextRun(high, style: legendStyle), at: Point(x: barX + barWidth + 6, y: box.minY), anchor: TextAnchor(.leading, .top), rotation: 0, color: .black)
    }
}
