import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionRender
import AttentionText

@Suite(.hangGuard)  // pdfRendersWithPoppler runs pdftoppm
struct TextHeatFigureTests {
    @Test func pngShowsRedUnderTheHottestTokenAndWhiteUnderAColdOne() throws {
        let heat = TextHeat.seedExample
        let options = TextHeatFigure.Options(legend: true)
        let figure = TextHeatFigure(heat, options: options, measurer: PangoTextMeasurer())
        let png = try DecodedPNG(TextHeatFigure.render(heat, options: options, format: .png(dpi: 72)))
        #expect(png.width == Int(figure.size.width.rounded(.up)))
        for (example, placed) in zip(heat.examples, figure.tokenBoxes) {
            #expect(placed.count == example.tokens.count)
            let hottest = try #require(placed.first { $0.intensity == 1 })
            let cold = try #require(placed.first { $0.intensity == 0 })
            // Just inside the box's top-left corner: background, clear of the glyph.
            #expect(png.hex(Int(hottest.box.minX) + 1, Int(hottest.box.minY) + 1) == "#ff0000")
            #expect(png.hex(Int(cold.box.minX) + 1, Int(cold.box.minY) + 1) == "#ffffff")
        }
    }

    @Test func longExamplesWrapInsideThePage() throws {
        let tokens = (0..<120).map { "token\($0)" } + ["武汉市长江大桥"]
        let heat = try TextHeat(tokens: [tokens], weights: [tokens.indices.map(Double.init)])
        let figure = TextHeatFigure(heat, options: .init(width: 400), measurer: PangoTextMeasurer())
        let boxes = figure.tokenBoxes[0]
        #expect(Set(boxes.map(\.box.minY)).count > 5)
        #expect(boxes.allSatisfy { $0.box.maxX <= 400 - 20 })
        // No two tokens overlap.
        for (a, b) in zip(boxes, boxes.dropFirst()) where a.box.minY == b.box.minY {
            #expect(a.box.maxX <= b.box.minX + 1e-9)
        }
        #expect(boxes.last!.box.maxY < figure.size.height)
    }

    /// The PDF, rasterised by Poppler at 72 dpi (one pixel per point), is the page the layout
    /// describes: its size, the note's pure red just inside the hottest token's box and white
    /// inside a cold one, for every example; and every token box holds ink (its glyphs).
    @Test func pdfRendersWithPoppler() throws {
        let pdftoppm = try RenderTools.pdftoppm()
        let directory = try RenderTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = directory.appendingPathComponent("text.pdf")
        let heat = TextHeat.seedExample
        let options = TextHeatFigure.Options(legend: true)
        try TextHeatFigure.render(heat, options: options, format: .pdf).write(to: pdf)
        let result = try RenderTools.run(pdftoppm, ["-png", "-r", "72", "-singlefile", pdf.path, directory.appendingPathComponent("page").path])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try DecodedPNG(Data(contentsOf: directory.appendingPathComponent("page.png")))
        let figure = TextHeatFigure(heat, options: options, measurer: PangoTextMeasurer())
        #expect(abs(page.width - Int(figure.size.width.rounded())) <= 1 && abs(page.height - Int(figure.size.height.rounded())) <= 1,
                "\(page.width)x\(page.height) for a \(figure.size) page")
        for (example, placed) in zip(heat.examples, figure.tokenBoxes) {
            #expect(placed.count == example.tokens.count)
            let hottest = try #require(placed.first { $0.intensity == 1 })
            let cold = try #require(placed.first { $0.intensity == 0 })
            #expect(page.hex(Int(hottest.box.minX) + 1, Int(hottest.box.minY) + 1) == "#ff0000")
            #expect(page.hex(Int(cold.box.minX) + 1, Int(cold.box.minY) + 1) == "#ffffff")
            for token in placed {
                // Glyph ink: pixels far from the token's own background (its box's corner).
                let box = (Int(token.box.minX), Int(token.box.minY), Int(token.box.maxX.rounded(.up)), Int(token.box.maxY.rounded(.up)))
                let background = page.rgba(box.0 + 1, box.1 + 1)
                var dark = 0
                for y in box.1..<min(box.3, page.height) {
                    for x in box.0..<min(box.2, page.width) {
                        let c = page.rgba(x, y)
                        let distance = abs(Int(c.r) - Int(background.r)) + abs(Int(c.g) - Int(background.g)) + abs(Int(c.b) - Int(background.b))
                        if distance > 150 { dark += 1 }
                    }
                }
                #expect(dark >= 3, "token \(token.text.debugDescription) in \(token.box) has no glyph ink in the PDF")
            }
        }
    }
}
