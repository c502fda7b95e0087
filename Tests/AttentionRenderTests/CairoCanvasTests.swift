import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport
@testable import AttentionRender
import AttentionText

@Test func chineseRendersWithoutUnknownGlyphs() {
    let measurer = PangoTextMeasurer()
    let extent = measurer.measure(TextRun("武汉市长江大桥", style: TextStyle(size: 10)))
    #expect(extent.unknownGlyphs == 0)
    // Seven full-width characters at 10 pt are about 10 pt each.
    #expect(extent.width > 60 && extent.width < 80)
    // A character from a private-use area has no glyph: the count really counts.
    #expect(measurer.measure(TextRun("\u{E000}\u{E001}")).unknownGlyphs == 2)
}

@Test func measurementGrowsWithTextAndEllipsisCaps() {
    let measurer = PangoTextMeasurer()
    let short = measurer.measure(TextRun("ab"))
    let long = measurer.measure(TextRun("abababababab"))
    #expect(long.width > 5 * short.width)
    let capped = measurer.measure(TextRun("abababababababababababab", maxWidth: 40))
    #expect(capped.width <= 40 && capped.width > 20)
    #expect(TextRun("a\nb\u{1b}").displayText == "a\\nb\\u{1b}")
    #expect(TextRun("abc\u{202E}def").displayText == "abc\\u{202e}def")
    #expect(TextRun("武汉 é 👍").displayText == "武汉 é 👍")
}

@Test func pngFillsAndRasterAreExact() throws {
    let canvas = try CairoCanvas(width: 100, height: 50, format: .png(dpi: 144))
    canvas.fill(Rect(x: 0, y: 0, width: 100, height: 50), color: RGBA(RGB(hex: "#123456")!))
    var image = RasterImage(width: 2, height: 1)
    image[0, 0] = RGB(hex: "#ffffcc")
    image[1, 0] = RGB(hex: "#800026")
    canvas.draw(image, in: Rect(x: 10, y: 10, width: 30, height: 20))
    let png = try DecodedPNG(canvas.finish())
    #expect(png.width == 200 && png.height == 100)
    #expect(png.hex(2, 2) == "#123456")
    // Nearest-neighbour: each source pixel covers 15x20 points = 30x40 pixels, flat.
    #expect(png.hex(21, 21) == "#ffffcc")
    #expect(png.hex(49, 40) == "#ffffcc")
    #expect(png.hex(51, 40) == "#800026")
    #expect(png.hex(79, 58) == "#800026")
    #expect(png.hex(81, 40) == "#123456")
}

@Test(.hangGuard) func svgIsXMLAndPDFRenders() throws {
    for format in [ImageFormat.svg, .pdf] {
        let canvas = try CairoCanvas(width: 120, height: 60, format: format)
        canvas.fill(Rect(x: 0, y: 0, width: 120, height: 60), color: .white)
        canvas.fill(Rect(x: 0, y: 0, width: 60, height: 60), color: RGBA(RGB(hex: "#800026")!))
        canvas.draw(TextRun("武汉 <&>", style: TextStyle(size: 12)), at: Point(x: 90, y: 30),
                    anchor: TextAnchor(.center, .middle), rotation: 90, color: .black)
        let data = try canvas.finish()
        if format == .svg {
            let document = try XMLDocument(data: data)
            #expect(document.rootElement()?.name == "svg")
        } else {
            #expect(data.starts(with: Data("%PDF".utf8)))
            let pdftoppm = try RenderTools.pdftoppm()
            let dir = try RenderTools.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try data.write(to: dir.appendingPathComponent("a.pdf"))
            let result = try RenderTools.run(pdftoppm, ["-png", "-r", "72", "-singlefile", dir.appendingPathComponent("a.pdf").path, dir.appendingPathComponent("a").path])
            #expect(result.status == 0, "\(result.stderr)")
            let png = try DecodedPNG(Data(contentsOf: dir.appendingPathComponent("a.png")))
            #expect(png.width == 120 && png.height == 60)
            #expect(png.hex(30, 30) == "#800026")
            #expect(png.hex(110, 5) == "#ffffff")
            // The rotated text centred on (90, 30) is drawn: black ink in its band, none beside it.
            func dark(_ xs: Range<Int>, _ ys: Range<Int>) -> Int {
                var n = 0
                for y in ys { for x in xs { let c = png.rgba(x, y); if Int(c.r) + Int(c.g) + Int(c.b) < 200 { n += 1 } } }
                return n
            }
            #expect(dark(80..<101, 0..<60) >= 20, "the text's glyphs are missing from the PDF")
            #expect(dark(62..<78, 0..<60) == 0 && dark(104..<120, 0..<60) == 0, "ink outside the text's band")
        }
    }
}

@Test func oversizedCanvasIsRefused() {
    #expect(throws: RenderError.self) { try CairoCanvas(width: 1e6, height: 1e6, format: .png(dpi: 300)) }
    #expect(throws: RenderError.self) { try CairoCanvas(width: -1, height: 10, format: .svg) }
}

@Test func rotatedBoxesUseTheirRealShape() {
    let anchor = TextAnchor(.trailing, .middle)
    let extent = TextExtent(width: 40, height: 10, baseline: 8)
    let a = anchor.box(for: extent, at: Point(x: 0, y: 0), rotation: 45)
    let b = anchor.box(for: extent, at: Point(x: 16, y: 0), rotation: 45)
    // Bounding boxes overlap, but parallel strips 16 * sin 45° = 11.3 pt apart do not.
    #expect(a.bounds.intersects(b.bounds))
    #expect(!a.intersects(b))
    let c = anchor.box(for: extent, at: Point(x: 12, y: 0), rotation: 45)
    // 12 pt apart: 12 * sin 45° = 8.5 pt < 10 pt line height, they collide.
    #expect(a.intersects(c))
}
