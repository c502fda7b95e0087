import Attention
import AttentionText
import Foundation

/// The heatmap figure: an attention matrix as coloured cells with its tokens as tick labels and
/// a colour bar, as seaborn's `heatmap` but with labels that never overlap, CJK text without
/// configuration, and any size (cells are rasterised, pooled in value space when there are
/// more cells than pixels).
///
/// ```swift
/// let map = try AttentionMap(matrix: SeedExample.matrix, rowLabels: SeedExample.tokens,
///                            columnLabels: SeedExample.tokens)
/// let png = try Heatmap(map: map).render(format: .png(dpi: 100))
/// try AtomicFile.write(png, to: "heatmap.png")
/// ```
public struct Heatmap: Sendable {
    /// Vector formats draw cells as rectangles up to this many cells; beyond, as one image.
    public static let vectorCellLimit = 2500
    /// Largest side of the cell image embedded in SVG/PDF (more cells are pooled).
    public static let vectorRasterLimit = 2048

    public let map: AttentionMap
    public let style: HeatmapStyle
    /// The resolved colour range and colormap.
    public let scale: ColorScale

    /// Prepares a figure, resolving the colour range from the unmasked values as seaborn.
    public init(map: AttentionMap, style: HeatmapStyle = HeatmapStyle(), scale: ColorScale? = nil) throws(RenderError) {
        try style.validate()
        try style.mask.check(rows: map.matrix.rows, columns: map.matrix.columns)
        self.map = map
        self.style = style
        if let scale {
            self.scale = scale
        } else {
            let mask = style.mask
            let columns = map.matrix.columns
            self.scale = try ColorScale(
                colormap: Colormap.named(style.colormap), values: map.matrix.values,
                included: mask.isNone ? nil : { !mask.hides(row: $0 / columns, column: $0 % columns) },
                vmin: style.vmin, vmax: style.vmax, center: style.center, robust: style.robust, norm: style.norm)
        }
    }

    /// Computes the layout with text measured by `measurer`, snapping the cell area to device
    /// pixels when `pixelsPerPoint` is given (raster output; `nil` for vector output).
    public func layout(pixelsPerPoint pixelScale: Double?, measurer: some TextMeasuring) throws(RenderError) -> HeatmapLayout {
        let matrix = map.matrix
        let mask = style.mask
        let number = try NumberFormat(style.annotationFormat)
        return try HeatmapLayout(
            rows: matrix.rows, columns: matrix.columns, rowLabels: map.rowLabels.strings, columnLabels: map.columnLabels.strings,
            style: style, scale: scale, measurer: measurer, pixelScale: pixelScale,
            annotation: { row, column in
                let v = matrix[row, column]
                guard !v.isNaN, !mask.hides(row: row, column: column) else { return nil }
                return number.format(Double(v))
            })
    }

    /// Draws the figure on any canvas.
    public func draw(_ layout: HeatmapLayout, on canvas: some Canvas) {
        let theme = style.theme
        canvas.fill(Rect(x: 0, y: 0, width: layout.size.width, height: layout.size.height), color: theme.page)
        drawCells(layout, on: canvas)
        drawGridLines(layout, on: canvas)
        for text in layout.annotations {
            guard let index = text.index, let color = scale.color(for: map.matrix.values[index]) else { continue }
            // seaborn: dark grey text on light cells, white on dark ones.
            let ink = color.luminance > 0.408 ? RGBA(grey: 0.15) : RGBA.white
            canvas.draw(text.run, at: text.point, anchor: text.anchor, rotation: text.rotation, color: ink)
        }
        if let bar = layout.colorBar { ColorBar.drawGradient(scale.colormap, in: bar, on: canvas) }
        canvas.stroke(layout.tickMarks, color: theme.ink, width: 0.8)
        let generated = generatedBoundary
        if let generated {
            // The boundary between prompt and generated tokens, on both axes.
            let plot = layout.plot
            let x = plot.minX + Double(generated) * plot.width / Double(map.matrix.columns)
            let y = plot.minY + Double(generated) * plot.height / Double(map.matrix.rows)
            var path = Path()
            path.segment(from: Point(x: x, y: plot.minY), to: Point(x: x, y: plot.maxY))
            path.segment(from: Point(x: plot.minX, y: y), to: Point(x: plot.maxX, y: y))
            canvas.stroke(path, color: RGBA(style.generatedColor), width: 1.5)
        }
        for text in layout.texts {
            let isGenerated = generated.map { from in (text.role == .xTick || text.role == .yTick) && (text.index ?? -1) >= from } ?? false
            canvas.draw(text.run, at: text.point, anchor: text.anchor, rotation: text.rotation,
                        color: isGenerated ? RGBA(style.generatedColor) : theme.ink)
        }
    }

    /// The first generated token's index when the figure marks one (`HeatmapStyle.generatedFrom`
    /// on a square matrix that holds it).
    var generatedBoundary: Int? {
        guard let from = style.generatedFrom, map.matrix.rows == map.matrix.columns,
              from > 0, from < map.matrix.rows else { return nil }
        return from
    }

    /// Whether cells go out as rectangles (few cells, vector output) rather than an image.
    func drawsVectorCells(on canvas: some Canvas) -> Bool {
        canvas.pixelsPerPoint == nil && map.matrix.rows * map.matrix.columns <= Self.vectorCellLimit
    }

    private func drawCells(_ layout: HeatmapLayout, on canvas: some Canvas) {
        let matrix = map.matrix
        let mask = style.mask
        if drawsVectorCells(on: canvas) {
            // Each cell overlaps its right and lower drawn neighbours a little so viewers show
            // no hairline seams between them.
            let overlap = 0.25
            for row in 0..<matrix.rows {
                for column in 0..<matrix.columns {
                    guard !mask.hides(row: row, column: column), let color = scale.color(for: matrix[row, column]) else { continue }
                    var rect = layout.cell(row: row, column: column)
                    if column + 1 < matrix.columns && !mask.hides(row: row, column: column + 1) && !matrix[row, column + 1].isNaN { rect.width += overlap }
                    if row + 1 < matrix.rows && !mask.hides(row: row + 1, column: column) && !matrix[row + 1, column].isNaN { rect.height += overlap }
                    canvas.fill(rect, color: RGBA(color))
                }
            }
            return
        }
        canvas.draw(cellImage(layout, for: canvas), in: layout.plot)
    }

    /// The cells as an image: one pixel per cell, pooled in value space when the area has fewer
    /// device pixels than cells; for vector output enlarged by a whole factor so viewers that
    /// smooth images keep the cell edges sharp.
    func cellImage(_ layout: HeatmapLayout, for canvas: some Canvas) -> RasterImage {
        var matrix = style.mask.applied(to: map.matrix)
        var targetWidth: Int, targetHeight: Int
        var repeatFactor = 1
        if let s = canvas.pixelsPerPoint {
            targetWidth = max(1, Int((layout.plot.width * s).rounded()))
            targetHeight = max(1, Int((layout.plot.height * s).rounded()))
        } else {
            targetWidth = Self.vectorRasterLimit
            targetHeight = Self.vectorRasterLimit
        }
        if matrix.columns > targetWidth || matrix.rows > targetHeight {
            matrix = matrix.pooled(rows: targetHeight, columns: targetWidth, mode: style.pooling)
        } else if canvas.pixelsPerPoint == nil {
            let wanted = Int((2 * max(layout.plot.width, layout.plot.height)).rounded())
            repeatFactor = max(1, min(wanted / max(matrix.columns, matrix.rows, 1), Self.vectorRasterLimit / max(matrix.columns, matrix.rows, 1)))
        }
        let width = matrix.columns * repeatFactor, height = matrix.rows * repeatFactor
        var image = RasterImage(width: width, height: height)
        let table = scale.colormap.table.map(RasterImage.pack)
        let colormap = scale.colormap
        matrix.values.withUnsafeBufferPointer { values in
            image.pixels.withUnsafeMutableBufferPointer { pixels in
                for row in 0..<matrix.rows {
                    for column in 0..<matrix.columns {
                        let v = values[row * matrix.columns + column]
                        let pixel: UInt32 = v.isNaN ? 0 : table[colormap.index(at: scale.position(of: Double(v)))]
                        if repeatFactor == 1 {
                            pixels[row * width + column] = pixel
                        } else {
                            for dy in 0..<repeatFactor {
                                let base = (row * repeatFactor + dy) * width + column * repeatFactor
                                for dx in 0..<repeatFactor { pixels[base + dx] = pixel }
                            }
                        }
                    }
                }
            }
        }
        return image
    }

    /// Lines between cells (seaborn's `linewidths`), only along edges of drawn cells, and only
    /// when cells are wide enough for them to leave colour visible.
    private func drawGridLines(_ layout: HeatmapLayout, on canvas: some Canvas) {
        let width = style.lineWidth
        guard width > 0 else { return }
        let matrix = map.matrix
        let cw = layout.plot.width / Double(matrix.columns), ch = layout.plot.height / Double(matrix.rows)
        guard min(cw, ch) >= 2.5 * width else { return }
        let mask = style.mask
        func drawn(_ r: Int, _ c: Int) -> Bool {
            r >= 0 && c >= 0 && r < matrix.rows && c < matrix.columns && !mask.hides(row: r, column: c) && !matrix[r, c].isNaN
        }
        var path = Path()
        let plot = layout.plot
        // Horizontal edges: between row r-1 and r, for runs of columns where either side is drawn.
        for r in 0...matrix.rows {
            var start: Int?
            for c in 0...matrix.columns {
                let on = c < matrix.columns && (drawn(r - 1, c) || drawn(r, c))
                if on && start == nil { start = c }
                if !on, let s = start {
                    let y = plot.minY + Double(r) * ch
                    path.segment(from: Point(x: plot.minX + Double(s) * cw, y: y), to: Point(x: plot.minX + Double(c) * cw, y: y))
                    start = nil
                }
            }
        }
        for c in 0...matrix.columns {
            var start: Int?
            for r in 0...matrix.rows {
                let on = r < matrix.rows && (drawn(r, c - 1) || drawn(r, c))
                if on && start == nil { start = r }
                if !on, let s = start {
                    let x = plot.minX + Double(c) * cw
                    path.segment(from: Point(x: x, y: plot.minY + Double(s) * ch), to: Point(x: x, y: plot.minY + Double(r) * ch))
                    start = nil
                }
            }
        }
        canvas.stroke(path, color: RGBA(style.lineColor), width: width)
    }
}
