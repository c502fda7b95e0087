import Attention
import Foundation
import Testing
@testable import AttentionRender

@Suite(.timeLimit(.minutes(10)))  // pdfRendersWithPoppler runs pdftoppm
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

    @Test func pdfRendersWithPoppler() throws {
        let pdftoppm = try RenderTools.pdftoppm()
        let directory = try RenderTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = directory.appendingPathComponent("text.pdf")
        try TextHeatFigure.render(TextHeatSamples.hostile, format: .pdf).write(to: pdf)
        let result = try RenderTools.run(pdftoppm, ["-png", "-r", "36", "-singlefile", pdf.path, directory.appendingPathComponent("page").path])
        #expect(result.status == 0, "\(result.stderr)")
        let page = try DecodedPNG(Data(contentsOf: directory.appendingPathComponent("page.png")))
        #expect(page.width > 100)
    }
}
