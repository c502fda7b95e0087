import Attention
import AttentionText
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
    public typealias Layout = HeadGridLayout

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
        try HeadGridLayout(shape: tensor.shape, style: style, scale: scale, measurer: measurer)
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
        if let bar = layout.colorBar { ColorBar.drawGradient(scale.colormap, in: bar, on: canvas) }
        canvas.stroke(layout.tickMarks, color: theme.ink, width: 0.8)
        for text in layout.texts {
            canvas.draw(text.run, at: text.point, anchor: text.anchor, rotation: text.rotation, color: theme.ink)
        }
    }
}
