import Attention
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import AttentionRender
import AttentionText

private func seedMap() throws -> AttentionMap {
    try AttentionMap(matrix: SeedExample.matrix, rowLabels: SeedExample.tokens, columnLabels: SeedExample.tokens)
}

private func map(_ matrix: AttentionMatrix) throws -> AttentionMap {
    let labels = Tokens(Fixtures.subwordTokens(matrix.rows))
    return try AttentionMap(matrix: matrix, rowLabels: labels, columnLabels: Tokens(Fixtures.subwordTokens(matrix.columns)))
}

@Test(.hangGuard) func pdfRendersAndLooksLikeThePNG() throws {
    let pdftoppm = try RenderTools.pdftoppm()
    var style = HeatmapStyle()
    style.title = "武汉市长江大桥"
    style.colorBarLabel = "attention"
    style.annotate = true
    let figure = try Heatmap(map: seedMap(), style: style)
    let (pngData, layout) = try figure.renderWithLayout(format: .png(dpi: 100))
    let pdf = try figure.render(format: .pdf)
    let dir = try RenderTools.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try pdf.write(to: dir.appendingPathComponent("h.pdf"))
    let result = try RenderTools.run(pdftoppm, ["-png", "-r", "100", "-singlefile", dir.appendingPathComponent("h.pdf").path, dir.appendingPathComponent("h").path])
    #expect(result.status == 0, "\(result.stderr)")
    let fromPDF = try DecodedPNG(Data(contentsOf: dir.appendingPathComponent("h.png")))
    let png = try DecodedPNG(pngData)
    #expect(fromPDF.width == png.width && fromPDF.height == png.height)
    // Cell colours agree exactly (sampled away from the annotation text in each cell).
    let s = 100.0 / 72
    for row in 0..<7 {
        for column in 0..<7 {
            let cell = layout.cell(row: row, column: column)
            let x = Int((cell.minX + cell.width * 0.15) * s), y = Int((cell.minY + cell.height * 0.15) * s)
            #expect(fromPDF.hex(x, y) == png.hex(x, y), "cell (\(row), \(column))")
        }
    }
    // Region by region (the title, each tick-label band, the colour bar and its labels, the
    // cells), the PDF carries the same ink as the PNG: a title or a band of labels missing from
    // either fails here, however small a share of the page it is. Cairo and Poppler anti-alias
    // glyph edges differently, so ink is compared as a total per region, and blocks of 4x4
    // pixels must agree in most places of each region. Measured (Cairo 1.16, Poppler 22): ink
    // within 0.1% for text, 0.4% for the cells, 3.6% for the colour bar; at most 11% of a
    // small text region's blocks differ.
    let regions = try PageRegions(layout: layout, scale: s)
    for (name, box) in regions.all {
        let a = png.ink(in: box), b = fromPDF.ink(in: box)
        #expect(a > regions.minimumInk(name), "\(name): the PNG region \(box) has almost no ink (\(a))")
        #expect(abs(a - b) <= 0.06 * a, "\(name): ink \(b) in the PDF, \(a) in the PNG")
        let (blocks, different) = png.differingBlocks(fromPDF, in: box)
        #expect(Double(different) <= 0.2 * Double(blocks), "\(name): \(different) of \(blocks) blocks differ")
    }
    // And the whole page, block by block.
    let (blocks, different) = png.differingBlocks(fromPDF, in: (0, 0, png.width, png.height))
    #expect(Double(different) / Double(blocks) < 0.01, "\(different) of \(blocks) blocks differ")
}

@Test func svgIsWellFormedXMLWithVectorCellsWhenFewAndOneImageWhenMany() throws {
    let small = try Heatmap(map: seedMap()).render(format: .svg)
    let smallDocument = try XMLDocument(data: small)
    #expect(smallDocument.rootElement()?.name == "svg")
    #expect(try smallDocument.nodes(forXPath: "//*[local-name()='image']").count == 1) // the colour bar only
    let big = try Heatmap(map: map(Fixtures.softmaxMatrix(300))).render(format: .svg)
    let bigDocument = try XMLDocument(data: big)
    #expect(try bigDocument.nodes(forXPath: "//*[local-name()='image']").count == 2)
    // 90,000 cells in one embedded image, not 90,000 elements.
    #expect(big.count < 1_500_000)
    #expect(try bigDocument.nodes(forXPath: "//*[local-name()='path']").count < 3000)
}

@Test func maxPoolingKeepsOneSharpCellOfAHugeMatrixVisible() throws {
    let n = 2048
    var matrix = AttentionMatrix(rows: n, columns: n, values: [Float](repeating: 0, count: n * n))
    matrix[1000, 1500] = 1
    matrix[0, 0] = 0.5
    for pooling in [PoolingMode.max, .mean] {
        var style = HeatmapStyle()
        style.pooling = pooling
        // A colour scale of 0...0.05 spreads a bin's mean (a few hundredths) over many colours.
        style.vmin = 0
        style.vmax = 0.05
        let (data, layout) = try Heatmap(map: map(matrix), style: style).renderWithLayout(format: .png(dpi: 100))
        let png = try DecodedPNG(data)
        let s = 100.0 / 72
        let centre = layout.cell(row: 1000, column: 1500).center
        let px = Int(centre.x * s), py = Int(centre.y * s)
        // Look in the 5x5 pixels around where the cell lands: one colour other than the
        // background, the pooled bin's.
        var seen = Set<String>()
        for dy in -2...2 {
            for dx in -2...2 {
                if let hex = png.hex(px + dx, py + dy), hex != "#ffffcc" { seen.insert(hex) }
            }
        }
        if pooling == .max {
            #expect(seen == ["#800026"], "max pooling keeps the peak at full colour: \(seen)")
        } else {
            // The plot has round(width x dpi / 72) device pixels across; bin j of them holds
            // columns floor(j n / w)..<floor((j + 1) n / w) (rows likewise). The bin holding the
            // peak averages it with zeros: 1 / (its rows x its columns), on the 0...0.05 scale.
            func binSize(_ index: Int, bins: Int) -> Int {
                let j = (0..<bins).first { ($0 + 1) * n / bins > index }!
                return (j + 1) * n / bins - j * n / bins
            }
            let w = Int((layout.plot.width * s).rounded()), h = Int((layout.plot.height * s).rounded())
            #expect(w < n && h < n, "the test needs pooling: \(w) x \(h) pixels")
            let mean = 1 / Double(binSize(1000, bins: h) * binSize(1500, bins: w))
            #expect(mean > 0.01 && mean < 0.05, "\(mean) must lie inside the scale")
            let want = try Colormap.named("YlOrRd").color(at: mean / 0.05).hex
            #expect(seen == [want], "mean pooling shows the bin's mean \(mean) (\(want)): \(seen)")
        }
    }
}

@Test func transparentAndDarkPages() throws {
    var style = HeatmapStyle()
    style.transparent = true
    let clear = try DecodedPNG(Heatmap(map: seedMap(), style: style).render(format: .png(dpi: 50)))
    #expect(clear.rgba(1, 1).a == 0)
    style.transparent = false
    style.background = .dark
    let dark = try DecodedPNG(Heatmap(map: seedMap(), style: style).render(format: .png(dpi: 50)))
    #expect(dark.hex(1, 1) == "#121212")
}

@Test func annotationsUseDarkTextOnLightCellsAndWhiteOnDark() throws {
    var style = HeatmapStyle()
    style.annotate = true
    style.annotationFormat = ".1f"
    let (data, layout) = try Heatmap(map: seedMap(), style: style).renderWithLayout(format: .png(dpi: 200))
    #expect(layout.annotations.count == 49)
    #expect(layout.annotations.first { $0.index == 2 }?.run.text == "1.0")
    let png = try DecodedPNG(data)
    let s = 200.0 / 72
    func inks(_ row: Int, _ column: Int) -> Set<String> {
        let cell = layout.cell(row: row, column: column)
        var seen = Set<String>()
        for y in Int(cell.minY * s + 4)..<Int(cell.maxY * s - 4) {
            for x in Int(cell.minX * s + 4)..<Int(cell.maxX * s - 4) { if let h = png.hex(x, y) { seen.insert(h) } }
        }
        return seen
    }
    #expect(inks(0, 2).contains("#ffffff"))       // 1.0 on dark red: white text
    #expect(inks(6, 0).contains("#262626"))       // 0.0 on pale yellow: seaborn's ".15" grey
    #expect(!inks(6, 0).contains("#ffffff"))
}

@Test func gridSharesOneColourScaleAcrossHeads() throws {
    // Head (l, h) is constant (l * 3 + h) / 5 over a [2, 3, 4, 4] tensor.
    var values = [Float]()
    for l in 0..<2 { for h in 0..<3 { values += [Float](repeating: Float(l * 3 + h) / 5, count: 16) } }
    let tensor = try AttentionTensor(shape: [2, 3, 4, 4], values: values)
    let grid = try HeadGrid(tensor: tensor, style: HeatmapStyle(), sizeGiven: false)
    #expect(grid.scale.vmin == 0 && grid.scale.vmax == 1)
    let canvas = try CairoCanvas(width: grid.style.width * 72, height: grid.style.height * 72, format: .png(dpi: 72))
    let layout = try grid.layout(measurer: canvas)
    try grid.draw(layout, on: canvas)
    let png = try DecodedPNG(canvas.finish())
    let cmap = try Colormap.named("YlOrRd")
    for l in 0..<2 {
        for h in 0..<3 {
            let c = layout.cells[l][h].center
            #expect(png.hex(Int(c.x), Int(c.y)) == cmap.color(at: Double(Float(l * 3 + h) / 5)).hex, "L\(l) H\(h)")
        }
    }
    let headers = layout.texts.filter { $0.role == .header }.map(\.run.text)
    #expect(headers == ["H0", "H1", "H2", "L0", "L1"])
    for (i, a) in layout.texts.enumerated() {
        for b in layout.texts[(i + 1)...] { #expect(!a.box.intersects(b.box)) }
    }
}

@Test func gridLinesFollowDrawnCellsOnly() throws {
    var style = HeatmapStyle()
    style.lineWidth = 2
    style.lineColor = RGB(red: 0, green: 0, blue: 255)
    style.mask = .causal
    let (data, layout) = try Heatmap(map: seedMap(), style: style).renderWithLayout(format: .png(dpi: 72))
    let png = try DecodedPNG(data)
    // The border between cells (1, 0) and (1, 1) is drawn in the line colour...
    let a = layout.cell(row: 1, column: 1)
    #expect(png.hex(Int(a.minX), Int(a.center.y)) == "#0000ff")
    // ...but the edge between two hidden cells above the diagonal is not.
    let b = layout.cell(row: 0, column: 5)
    #expect(png.hex(Int(b.minX), Int(b.center.y)) == "#ffffff")
}
