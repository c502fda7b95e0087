import Attention
import AttentionRender
import AttentionText
import RenderTestSupport
import Testing

/// Figures drawn on a `RecordingCanvas`: what they ask the canvas for, checked primitive by
/// primitive, with no Cairo surface and no font (`ApproximateTextMeasurer`).
@Suite struct RecordedDrawingTests {
    /// Whether two drawn texts' (rotated) boxes overlap.
    private static func overlapping(_ texts: [RecordingCanvas.RecordedText]) -> [String] {
        var found: [String] = []
        for i in texts.indices {
            for j in texts.indices where j > i && texts[i].box.intersects(texts[j].box) {
                found.append("'\(texts[i].run.text)' × '\(texts[j].run.text)'")
            }
        }
        return found
    }

    private static func noteHeatmap(_ style: HeatmapStyle = HeatmapStyle()) throws -> Heatmap {
        let map = try AttentionMap(matrix: SeedExample.matrix, rowLabels: SeedExample.tokens, columnLabels: SeedExample.tokens)
        return try Heatmap(map: map, style: style)
    }

    /// A PNG-like canvas: page, one cell image over the plot, the gradient beside it, ticks, labels.
    @Test func rasterHeatmapDrawsCellsBarAndLabelsApart() throws {
        var style = HeatmapStyle()
        style.title = "武汉市长江大桥"
        style.colorBarLabel = "attention weight"
        let figure = try Self.noteHeatmap(style)
        let canvas = RecordingCanvas(width: style.width * 72, height: style.height * 72, pixelsPerPoint: 100.0 / 72)
        let layout = try figure.layout(pixelsPerPoint: canvas.pixelsPerPoint, measurer: canvas)
        figure.draw(layout, on: canvas)
        let page = Rect(x: 0, y: 0, width: canvas.size.width, height: canvas.size.height)

        // The page first, in the theme's colour.
        #expect(canvas.primitives.first == .fill(page, .white))
        // Cells: one image over the plot, one pixel per cell (fewer cells than pixels), each in
        // its value's colour, the note's minimum and maximum at the colormap's ends.
        let images = canvas.images
        #expect(images.count == 2)
        let cells = try #require(images.first)
        #expect(cells.rect == layout.plot)
        #expect(cells.image.width == 7 && cells.image.height == 7)
        let matrix = SeedExample.matrix
        for row in 0..<7 {
            for column in 0..<7 { #expect(cells.image[column, row] == figure.scale.color(for: matrix[row, column])) }
        }
        let colours = Set(cells.image.pixels)
        #expect(colours.contains(RasterImage.pack(figure.scale.colormap.table.last!)))
        #expect(colours.contains(RasterImage.pack(figure.scale.colormap.table.first!)))
        // The colour bar: right of the cells, as tall, the last colour on top.
        let bar = try #require(images.last)
        let barRect = try #require(layout.colorBar)
        #expect(bar.rect == barRect)
        #expect(bar.image.height == 256 && bar.image.width == 1)
        #expect(bar.image[0, 0] == figure.scale.colormap.table.last)
        #expect(bar.image[0, 255] == figure.scale.colormap.table.first)
        #expect(barRect.minX > layout.plot.maxX && barRect.minY == layout.plot.minY && barRect.height == layout.plot.height)
        #expect(page.contains(barRect) && page.contains(layout.plot))

        // Every label of the layout drawn, on the page, apart from each other, the cells and the bar.
        let texts = canvas.texts
        #expect(texts.count == layout.texts.count)
        #expect(Set(texts.map(\.run.text)).isSuperset(of: SeedExample.tokens.strings + ["武汉市长江大桥", "attention weight"]))
        #expect(Self.overlapping(texts).isEmpty, "\(Self.overlapping(texts))")
        for text in texts {
            #expect(page.contains(text.box.bounds, tolerance: 0.5), "'\(text.run.text)' leaves the page")
            #expect(!text.box.intersects(Quad(rect: layout.plot)), "'\(text.run.text)' covers the cells")
            #expect(!text.box.intersects(Quad(rect: barRect)), "'\(text.run.text)' covers the colour bar")
        }
        // Colour-bar tick labels sit right of the bar, one per tick, top to bottom by falling value.
        let barTicks = texts.filter { $0.box.bounds.minX > barRect.maxX && $0.rotation == 0 }
        #expect(barTicks.count == layout.colorBarTicks.count && barTicks.count >= 3)
        #expect(zip(layout.colorBarTicks, layout.colorBarTicks.dropFirst()).allSatisfy { $0.value < $1.value && $0.y > $1.y })
        // Tick marks are stroked once, in ink.
        #expect(canvas.strokes.count == 1 && canvas.strokes.first?.color == .black)
    }

    /// A vector canvas with few cells: one rectangle per cell in the colour seaborn paints,
    /// each inside its cell's column and row.
    @Test func vectorHeatmapFillsOneRectanglePerCell() throws {
        let figure = try Self.noteHeatmap()
        let canvas = RecordingCanvas(width: 460.8, height: 345.6)
        let layout = try figure.layout(pixelsPerPoint: nil, measurer: canvas)
        figure.draw(layout, on: canvas)
        let cellFills = canvas.fills.dropFirst()
        #expect(cellFills.count == 49)
        let matrix = SeedExample.matrix
        for (index, fill) in cellFills.enumerated() {
            let (row, column) = (index / 7, index % 7)
            let cell = layout.cell(row: row, column: column)
            #expect(fill.color == RGBA(figure.scale.color(for: matrix[row, column])!))
            #expect(fill.rect.minX == cell.minX && fill.rect.minY == cell.minY)
            #expect(layout.plot.contains(fill.rect, tolerance: 0.26))
        }
        // Only the gradient is an image.
        #expect(canvas.images.count == 1)
    }

    /// Generated tokens: a boundary on both axes in the generated colour, their labels in it too.
    @Test func generatedTokensAreMarked() throws {
        var style = HeatmapStyle()
        style.generatedFrom = 4
        let figure = try Self.noteHeatmap(style)
        let canvas = RecordingCanvas(width: 460.8, height: 345.6, pixelsPerPoint: 1)
        let layout = try figure.layout(pixelsPerPoint: 1, measurer: canvas)
        figure.draw(layout, on: canvas)
        let marked = RGBA(style.generatedColor)
        let boundary = try #require(canvas.strokes.first { $0.color == marked })
        let x = layout.plot.minX + 4 * layout.plot.width / 7
        #expect(boundary.path.elements.contains(.move(Point(x: x, y: layout.plot.minY))))
        let generatedLabels = canvas.texts.filter { $0.color == marked }.map(\.run.text)
        #expect(generatedLabels.sorted() == ["大", "大", "桥", "桥", "江", "江"].sorted())
    }

    /// The head grid: one thumbnail per layer and head in a grid, none overlapping, the colour bar
    /// right of them all, headers apart.
    @Test func headGridPanelsDoNotOverlap() throws {
        let shape = [3, 4, 5, 5]
        let values = (0..<(3 * 4 * 25)).map { Float($0 % 17) / 16 }
        let tensor = try AttentionTensor(shape: shape, values: values)
        var style = HeatmapStyle()
        style.title = "heads"
        style.colorBarLabel = "weight"
        let grid = try HeadGrid(tensor: tensor, style: style, sizeGiven: false)
        let canvas = RecordingCanvas(width: grid.style.width * 72, height: grid.style.height * 72, pixelsPerPoint: 2)
        let layout = try grid.layout(measurer: canvas)
        try grid.draw(layout, on: canvas)
        let page = Rect(x: 0, y: 0, width: canvas.size.width, height: canvas.size.height)

        let thumbnails = canvas.images.dropLast()
        #expect(thumbnails.count == 12)
        #expect(thumbnails.map(\.rect) == layout.cells.flatMap { $0 })
        let rects = thumbnails.map(\.rect)
        for i in rects.indices {
            #expect(page.contains(rects[i]))
            for j in rects.indices where j > i { #expect(!rects[i].intersects(rects[j]), "thumbnails \(i) and \(j) overlap") }
        }
        // Rows are layers, columns heads.
        #expect(layout.cells[0][1].minX > layout.cells[0][0].maxX && layout.cells[1][0].minY > layout.cells[0][0].maxY)
        let bar = try #require(canvas.images.last)
        #expect(bar.rect == layout.colorBar && bar.image.height == 256)
        #expect(rects.allSatisfy { $0.maxX < bar.rect.minX })
        #expect(bar.rect.minY == layout.cells[0][0].minY && bar.rect.maxY == layout.cells[2][0].maxY)

        let texts = canvas.texts
        #expect(Self.overlapping(texts).isEmpty, "\(Self.overlapping(texts))")
        #expect(Set(texts.map(\.run.text)).isSuperset(of: ["L0", "L1", "L2", "H0", "H1", "H2", "H3", "heads", "weight"]))
        #expect(texts.allSatisfy { page.contains($0.box.bounds, tolerance: 0.5) })
        #expect(texts.allSatisfy { text in !rects.contains { text.box.intersects(Quad(rect: $0)) } })
    }

    /// The shared colour bar alone: ticks inside the range only, bottom up, labels beside the
    /// marks, the rotated label right of the widest tick label.
    @Test func colorBarPlacesTicksInRangeAndTheLabelBesideThem() throws {
        let scale = try ColorScale(colormap: Colormap.named("viridis"), values: [0.05, 0.93])
        let measurer = ApproximateTextMeasurer()
        let style = TextStyle(size: 10)
        let ticks = ColorBar.ticks(for: scale, bins: 5)
        let widest = ticks.labels.map { measurer.measure(TextRun($0, style: style)).width }.max() ?? 0
        let cells = Rect(x: 50, y: 20, width: 200, height: 150)
        let bar = ColorBar(besideCells: cells, width: 12, scale: scale, ticks: ticks, tickLabelWidth: widest,
                           label: "weight", labelStyle: style, measurer: measurer)
        #expect(bar.rect == Rect(x: 262, y: 20, width: 12, height: 150))
        #expect(bar.ticks.map { ($0.value * 10).rounded() } == [2, 4, 6, 8])
        #expect(bar.ticks.allSatisfy { $0.y > bar.rect.minY && $0.y < bar.rect.maxY })
        #expect(zip(bar.ticks, bar.ticks.dropFirst()).allSatisfy { $0.y > $1.y })
        #expect(bar.tickMarks.elements.count == 2 * bar.ticks.count)
        let tickTexts = bar.texts.filter { $0.role == .colorBarTick }
        #expect(tickTexts.count == bar.ticks.count)
        #expect(tickTexts.allSatisfy { $0.box.bounds.minX >= bar.rect.maxX + 7 - 1e-9 })
        let label = try #require(bar.texts.first { $0.role == .colorBarLabel })
        #expect(label.rotation == 90)
        #expect(label.box.bounds.minX >= tickTexts.map(\.box.bounds.maxX).max()! - 1e-9)
        let room = ColorBar.room(fontSize: 10, barWidth: 12, tickLabelWidth: widest) + ColorBar.labelRoom(fontSize: 10, lineHeight: 12)
        #expect(abs(label.box.bounds.maxX - (cells.maxX + room)) < 1e-9)
    }

    /// Text heat as a figure: every token on its own background inside its example's panel,
    /// none overlapping, control characters shown escaped.
    @Test func textHeatFigureTokensStayInTheirPanels() throws {
        let heat = try TextHeat(tokens: [["武", "汉", "a\u{1B}[31m", "市"], ["长", "江"]], weights: [[0.1, 0.9, 0.3, 0.5], [1, 0]])
        let figure = TextHeatFigure(heat, measurer: ApproximateTextMeasurer())
        let canvas = RecordingCanvas(width: figure.size.width, height: figure.size.height, pixelsPerPoint: 2)
        figure.draw(on: canvas)
        let boxes = figure.tokenBoxes.flatMap { $0 }.map(\.box)
        #expect(boxes.count == 6)
        let tokenFills = canvas.fills.filter { fill in boxes.contains(fill.rect) }
        #expect(tokenFills.count == 6)
        for i in boxes.indices {
            for j in boxes.indices where j > i { #expect(!boxes[i].intersects(boxes[j])) }
        }
        let panels = canvas.strokes.filter { $0.width == 0.75 }
        #expect(panels.count == 2)
        #expect(canvas.texts.contains { $0.run.displayText == " a\\u{1b}[31m" })
        #expect(canvas.texts.allSatisfy { !$0.run.displayText.unicodeScalars.contains { $0.value == 0x1B } })
    }
}
