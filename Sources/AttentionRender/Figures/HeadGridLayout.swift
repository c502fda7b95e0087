import Attention
import AttentionText
import Foundation

/// Where every part of a ``HeadGrid`` goes, in points: one thumbnail per layer (rows) and head
/// (columns) with the matrix's aspect, `L0…`/`H0…` headers (thinned evenly when they would not
/// fit), the title and one ``ColorBar``. Computed before drawing, so tests can check it without
/// rasterising, and PNG, SVG and PDF share it.
///
/// ```swift
/// let grid = try HeadGrid(tensor: data.tensor)
/// let layout = try HeadGridLayout(shape: data.tensor.shape, style: grid.style, scale: grid.scale,
///                                 measurer: PangoTextMeasurer())
/// layout.cells[0][1]      // the thumbnail of layer 0, head 1
/// ```
public struct HeadGridLayout: Sendable {
    public let size: Size
    /// Thumbnail rectangles, `[layer][head]`.
    public let cells: [[Rect]]
    /// Headers, title and colour-bar labels.
    public let texts: [PlacedText]
    public let colorBar: Rect?
    public let tickMarks: Path

    /// Lays out a grid of `shape.layers x shape.heads` thumbnails of `shape.queries x shape.keys`
    /// matrices on a page of `style`'s size.
    public init(shape: TensorShape, style: HeatmapStyle, scale: ColorScale, measurer: some TextMeasuring) throws(RenderError) {
        let page = Size(width: style.width * 72, height: style.height * 72)
        let f = style.fontSize
        let pad = max(6, f)
        let labelStyle = style.labelStyle
        let lineHeight = measurer.measure(TextRun("Ág汉", style: labelStyle)).height
        let rowHeaders = (0..<shape.layers).map { "L\($0)" }
        let columnHeaders = (0..<shape.heads).map { "H\($0)" }
        let rowHeaderWidth = rowHeaders.map { measurer.measure(TextRun($0, style: labelStyle)).width }.max() ?? 0
        var titleExtent: TextExtent?
        if let title = style.title, !title.isEmpty {
            titleExtent = measurer.measure(TextRun(title, style: style.titleStyle, maxWidth: page.width - 2 * pad))
        }
        let top = pad + (titleExtent.map { $0.height + 0.6 * f } ?? 0) + lineHeight + 0.4 * f
        let left = pad + rowHeaderWidth + 0.5 * f
        let ticks = ColorBar.ticks(for: scale, bins: 5)
        let tickWidth = ticks.labels.map { measurer.measure(TextRun($0, style: labelStyle)).width }.max() ?? 0
        let barWidth = style.colorBar ? max(0.6 * f, min(1.6 * f, 1.2 * f)) : 0
        let right = pad + (style.colorBar ? ColorBar.room(fontSize: f, barWidth: barWidth, tickLabelWidth: tickWidth)
            + (style.colorBarLabel?.isEmpty == false ? ColorBar.labelRoom(fontSize: f, lineHeight: lineHeight) : 0) : 0)
        let bottom = pad + lineHeight / 2
        let availableWidth = page.width - left - right, availableHeight = page.height - top - bottom
        let gap = max(2, 0.4 * f)
        let aspect = Double(shape.queries) / Double(shape.keys)
        var thumbWidth = (availableWidth - gap * Double(shape.heads - 1)) / Double(shape.heads)
        var thumbHeight = thumbWidth * aspect
        let fitHeight = (availableHeight - gap * Double(shape.layers - 1)) / Double(shape.layers)
        if thumbHeight > fitHeight {
            thumbHeight = fitHeight
            thumbWidth = thumbHeight / aspect
        }
        guard thumbWidth >= 2, thumbHeight >= 2 else {
            throw .figureTooSmallForThumbnails(layers: shape.layers, heads: shape.heads)
        }
        let gridWidth = Double(shape.heads) * thumbWidth + Double(shape.heads - 1) * gap
        let gridHeight = Double(shape.layers) * thumbHeight + Double(shape.layers - 1) * gap
        let x0 = left + (availableWidth - gridWidth) / 2
        let y0 = top
        let cells = (0..<shape.layers).map { l in
            (0..<shape.heads).map { h in
                Rect(x: x0 + Double(h) * (thumbWidth + gap), y: y0 + Double(l) * (thumbHeight + gap), width: thumbWidth, height: thumbHeight)
            }
        }
        var candidates: [PlacedText] = []
        if let title = style.title, !title.isEmpty, let extent = titleExtent {
            candidates.append(PlacedText(role: .title, run: TextRun(title, style: style.titleStyle, maxWidth: page.width - 2 * pad),
                                         point: Point(x: page.width / 2, y: pad), anchor: TextAnchor(.center, .top), extent: extent))
        }
        // Headers, thinned evenly when they would not fit beside each other.
        let widest = columnHeaders.map { measurer.measure(TextRun($0, style: labelStyle)).width }.max() ?? 0
        let columnStep = max(1, Int(((widest + 0.25 * f) / (thumbWidth + gap)).rounded(.up)))
        for h in stride(from: 0, to: shape.heads, by: columnStep) {
            let run = TextRun(columnHeaders[h], style: labelStyle)
            candidates.append(PlacedText(role: .header, run: run, point: Point(x: cells[0][h].center.x, y: y0 - 0.3 * f),
                                         anchor: TextAnchor(.center, .bottom), extent: measurer.measure(run), index: h))
        }
        let rowStep = max(1, Int(((lineHeight + 0.25 * f) / (thumbHeight + gap)).rounded(.up)))
        for l in stride(from: 0, to: shape.layers, by: rowStep) {
            let run = TextRun(rowHeaders[l], style: labelStyle)
            candidates.append(PlacedText(role: .header, run: run, point: Point(x: x0 - 0.5 * f, y: cells[l][0].center.y),
                                         anchor: TextAnchor(.trailing, .middle), extent: measurer.measure(run), index: l))
        }
        var colorBar: Rect?
        var tickMarks = Path()
        if style.colorBar {
            let bar = ColorBar(besideCells: Rect(x: x0, y: y0, width: gridWidth, height: gridHeight), width: barWidth, scale: scale,
                               ticks: ticks, tickLabelWidth: tickWidth, label: style.colorBarLabel, labelStyle: labelStyle, measurer: measurer)
            colorBar = bar.rect
            tickMarks = bar.tickMarks
            candidates += bar.texts
        }
        var texts: [PlacedText] = []
        let pageRect = Rect(x: 0, y: 0, width: page.width, height: page.height)
        for candidate in candidates {
            let box = candidate.box
            if pageRect.contains(box.bounds, tolerance: 0.5) && !texts.contains(where: { $0.box.intersects(box) }) {
                texts.append(candidate)
            }
        }
        size = page
        self.cells = cells
        self.texts = texts
        self.colorBar = colorBar
        self.tickMarks = tickMarks
    }
}
