import Attention
import Foundation

/// Small multiples: every layer (rows) and head (columns) of a tensor as a thumbnail heatmap
/// with one shared colour scale, row and column headers and one colour bar — a static
/// bertviz "model view". Heads are read one at a time and pooled to the thumbnail's pixels.
///
/// ```swift
/// let grid = try HeadGrid(tensor: data.tensor, style: HeatmapStyle())
/// try AtomicFile.write(grid.render(format: .png(dpi: 100)), to: "heads.png")
/// ```
public struct HeadGrid: Sendable {
    /// Placement of every part, in points.
    public struct Layout: Sendable {
        public let size: Size
        /// Thumbnail rectangles, `[layer][head]`.
        public let cells: [[Rect]]
        /// Headers, title and colour-bar labels.
        public let texts: [PlacedText]
        public let colorBar: Rect?
        public let tickMarks: Path
    }

    public let tensor: AttentionTensor
    public let style: HeatmapStyle
    /// The colour scale shared by all thumbnails.
    public let scale: ColorScale

    /// Prepares the grid. Unless `sizeGiven`, the figure size grows with the number of heads
    /// and layers (about one inch per thumbnail, less for large models).
    public init(tensor: AttentionTensor, style: HeatmapStyle = HeatmapStyle(), sizeGiven: Bool = true) throws(RenderError) {
        let shape = tensor.shape
        guard !shape.isEmpty else { throw .invalidOption("nothing to draw: the tensor is \(shape)") }
        try style.mask.check(rows: shape.queries, columns: shape.keys)
        var style = style
        if !sizeGiven {
            let thumb = shape.heads * shape.layers > 144 ? 0.6 : 1.0
            style.width = min(200, max(4, Double(shape.heads) * (thumb + 0.08) + 2.0))
            style.height = min(200, max(3, Double(shape.layers) * (thumb + 0.08) + 1.0 + (style.title == nil ? 0 : 0.4)))
        }
        try style.validate()
        self.tensor = tensor
        self.style = style
        // The shared range: every unmasked finite value of every head, head by head.
        var low = Float.infinity, high = -Float.infinity
        var collected: [Float] = []
        let mask = style.mask
        let needsRange = style.vmin == nil || style.vmax == nil
        if needsRange {
            for layer in 0..<shape.layers {
                for head in 0..<shape.heads {
                    let m: AttentionMatrix
                    do { m = try tensor.matrix(layer: layer, head: head) } catch { throw .invalidOption("\(error)") }
                    for (index, v) in m.values.enumerated() where v.isFinite && (mask.isNone || !mask.hides(row: index / m.columns, column: index % m.columns)) {
                        low = min(low, v)
                        high = max(high, v)
                        if style.robust { collected.append(v) }
                    }
                }
            }
        }
        let values = style.robust ? collected : (low <= high ? [low, high] : [])
        scale = try ColorScale(colormap: Colormap.named(style.colormap), values: values, vmin: style.vmin, vmax: style.vmax,
                               center: style.center, robust: style.robust, norm: style.norm)
    }

    /// Positions of thumbnails, headers and colour bar.
    public func layout(measurer: some TextMeasuring) throws(RenderError) -> Layout {
        let shape = tensor.shape
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
        var ticks = NiceTicks.linear(scale.vmin, scale.vmax, bins: 5)
        if scale.norm == .log { ticks = NiceTicks.log(scale.vmin, scale.vmax, bins: 5) }
        let tickWidth = ticks.labels.map { measurer.measure(TextRun($0, style: labelStyle)).width }.max() ?? 0
        let tickLength = 0.35 * f
        let barWidth = style.colorBar ? max(0.6 * f, min(1.6 * f, 1.2 * f)) : 0
        let right = pad + (style.colorBar ? 1.2 * f + barWidth + tickLength + 0.35 * f + tickWidth
            + (style.colorBarLabel?.isEmpty == false ? 0.5 * f + lineHeight : 0) : 0)
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
            let bar = Rect(x: x0 + gridWidth + 1.2 * f, y: y0, width: barWidth, height: gridHeight)
            colorBar = bar
            for (value, label) in zip(ticks.values, ticks.labels) {
                let t = scale.position(of: value)
                guard t >= -1e-9, t <= 1 + 1e-9 else { continue }
                let y = bar.maxY - t * bar.height
                tickMarks.segment(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + tickLength, y: y))
                let run = TextRun(label, style: labelStyle)
                candidates.append(PlacedText(role: .colorBarTick, run: run, point: Point(x: bar.maxX + tickLength + 0.35 * f, y: y),
                                             anchor: TextAnchor(.leading, .middle), extent: measurer.measure(run)))
            }
            if let label = style.colorBarLabel, !label.isEmpty {
                let run = TextRun(label, style: labelStyle, maxWidth: bar.height)
                candidates.append(PlacedText(role: .colorBarLabel, run: run,
                                             point: Point(x: bar.maxX + tickLength + 0.35 * f + tickWidth + 0.5 * f, y: bar.center.y),
                                             anchor: TextAnchor(.center, .top), rotation: 90, extent: measurer.measure(run)))
            }
        }
        var texts: [PlacedText] = []
        let pageRect = Rect(x: 0, y: 0, width: page.width, height: page.height)
        for candidate in candidates {
            let box = candidate.box
            if pageRect.contains(box.bounds, tolerance: 0.5) && !texts.contains(where: { $0.box.intersects(box) }) {
                texts.append(candidate)
            }
        }
        return Layout(size: page, cells: cells, texts: texts, colorBar: colorBar, tickMarks: tickMarks)
    }

    /// Renders to PNG, SVG or PDF bytes.
    public func render(format: ImageFormat) throws(RenderError) -> Data {
        let canvas = try CairoCanvas(width: style.width * 72, height: style.height * 72, format: format)
        let layout = try self.layout(measurer: canvas)
        try draw(layout, on: canvas)
        return try canvas.finish()
    }

    /// Draws the grid, reading one head at a time.
    public func draw(_ layout: Layout, on canvas: some Canvas) throws(RenderError) {
        let theme = style.theme
        canvas.fill(Rect(x: 0, y: 0, width: layout.size.width, height: layout.size.height), color: theme.page)
        // Vector output gets thumbnails at 4 pixels per point.
        let pixelScale = canvas.pixelsPerPoint ?? 4
        let table = scale.colormap.table.map(RasterImage.pack)
        for (l, row) in layout.cells.enumerated() {
            for (h, rect) in row.enumerated() {
                var m: AttentionMatrix
                do { m = try tensor.matrix(layer: l, head: h) } catch { throw .invalidOption("\(error)") }
                m = style.mask.applied(to: m)
                let target = (max(1, Int((rect.width * pixelScale).rounded())), max(1, Int((rect.height * pixelScale).rounded())))
                m = m.pooled(rows: target.1, columns: target.0, mode: style.pooling)
                var image = RasterImage(width: m.columns, height: m.rows)
                for i in 0..<m.values.count {
                    let v = m.values[i]
                    image.pixels[i] = v.isNaN ? 0 : table[scale.colormap.index(at: scale.position(of: Double(v)))]
                }
                canvas.draw(image, in: rect)
            }
        }
        if let bar = layout.colorBar { scale.colormap.drawBar(in: bar, on: canvas) }
        canvas.stroke(layout.tickMarks, color: theme.ink, width: 0.8)
        for text in layout.texts {
            canvas.draw(text.run, at: text.point, anchor: text.anchor, rotation: text.rotation, color: theme.ink)
        }
    }
}
