import Foundation
import Testing
import TestSupport

/// README: "Chinese (and other scripts) render through fontconfig fallback with no
/// configuration". Checked on the output files, not on Pango's unknown-glyph count: the PNG has
/// ink above every column and beside every row of 武汉市长江大桥 (and none with the labels
/// turned off), the SVG has one outline per glyph, and the PDF gives the text back through
/// pdftotext, embeds a CJK font (pdffonts) and shows ink in every label box (pdftoppm).
@Suite(.hangGuard) struct CJKInkTests {
    static let tokens = ["武", "汉", "市", "长", "江", "大", "桥"]

    /// Labels are drawn in black; viridis cells and no colour bar make the plot's box findable.
    static let style = ["--cmap", "viridis", "--no-cbar"]

    static func input(in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("gperes.json")
        try Data(HeatmapCommandTests.gperes.utf8).write(to: url)
        return url
    }

    /// Ink pixels over each column and beside each row, outside the tick marks.
    static func labelInk(_ png: PNGPixels, count: Int) throws -> (columns: [Int], rows: [Int]) {
        let plot = try #require(png.colouredBox(), "no plot found")
        let margin = 8   // tick marks are drawn within a few pixels of the plot
        let columns = PNGPixels.slices(plot.x, count).map { png.inkCount(xs: $0, ys: 0..<max(0, plot.y.lowerBound - margin)) }
        let rows = PNGPixels.slices(plot.y, count).map { png.inkCount(xs: 0..<max(0, plot.x.lowerBound - margin), ys: $0) }
        return (columns, rows)
    }

    static func expectInkInEveryLabel(_ png: PNGPixels, _ what: String) throws {
        let ink = try labelInk(png, count: tokens.count)
        for (i, token) in tokens.enumerated() {
            #expect(ink.columns[i] >= 15, "\(what): column label \(token) has \(ink.columns[i]) ink pixels")
            #expect(ink.rows[i] >= 15, "\(what): row label \(token) has \(ink.rows[i]) ink pixels")
        }
    }

    @Test func pngHasInkInEveryLabelBox() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.input(in: dir)
        let out = dir.appendingPathComponent("cjk.png")
        let result = try AttnvizProcess.run(["heatmap", input.path, "-o", out.path] + Self.style)
        #expect(result.status == 0, "\(result.stderr)")
        try Self.expectInkInEveryLabel(PNGPixels(contentsOf: out), "PNG")
        // The same regions without labels are blank: the check sees labels, not something else.
        let bare = dir.appendingPathComponent("bare.png")
        _ = try AttnvizProcess.run(["heatmap", input.path, "-o", bare.path, "--xticklabels", "none", "--yticklabels", "none"] + Self.style)
        let ink = try Self.labelInk(PNGPixels(contentsOf: bare), count: Self.tokens.count)
        #expect((ink.columns + ink.rows).allSatisfy { $0 < 5 }, "ink without labels: \(ink)")
    }

    @Test func svgHasAnOutlineForEveryGlyph() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cjk.svg")
        let result = try AttnvizProcess.run(["heatmap", try Self.input(in: dir).path, "-o", out.path] + Self.style)
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        // Cairo writes each distinct glyph once as <symbol id="glyphF-N"><path d="..."/></symbol> and
        // places it with <use xlink:href="#glyphF-N">; a font subset may also carry its unused
        // .notdef box, so only the outlines something places count.
        let symbols = svg.components(separatedBy: "<symbol").dropFirst().map { $0.components(separatedBy: "</symbol>")[0] }
        let placed = symbols.filter { symbol in
            guard let start = symbol.range(of: #"id=""#), let end = symbol[start.upperBound...].firstIndex(of: "\"") else { return false }
            return svg.contains("href=\"#\(symbol[start.upperBound..<end])\"")
        }
        let outlines = placed.filter { $0.contains(#"d="M "#) }
        #expect(outlines.count == Self.tokens.count, "\(outlines.count) glyph outlines for 7 distinct characters")
        // A CJK glyph is intricate: every outline has many curve segments (a box has none).
        for outline in outlines { #expect(outline.components(separatedBy: " C ").count > 4) }
        #expect(svg.components(separatedBy: "<use").count - 1 == 2 * Self.tokens.count, "7 column + 7 row labels")
    }

    @Test func pdfGivesTheTextBackAndShowsInk() throws {
        let pdftotext = try RequiredTool.require(RequiredTool.onPath("pdftotext"), "pdftotext", why: "reads the heatmap PDF's labels", install: "apt-get install poppler-utils")
        let pdffonts = try RequiredTool.require(RequiredTool.onPath("pdffonts"), "pdffonts", why: "lists the fonts the PDF embeds", install: "apt-get install poppler-utils")
        let pdftoppm = try RequiredTool.require(RequiredTool.onPath("pdftoppm"), "pdftoppm", why: "rasterises the heatmap PDF", install: "apt-get install poppler-utils")
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cjk.pdf")
        let result = try AttnvizProcess.run(["heatmap", try Self.input(in: dir).path, "-o", out.path] + Self.style)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try BoundedProcess.run(pdftotext, ["-layout", out.path, "-"]).stdoutText
        let lines = text.split(separator: "\n").map { $0.filter { !$0.isWhitespace } }
        #expect(lines.contains("武汉市长江大桥"), "column labels: \(text)")
        for token in Self.tokens { #expect(lines.contains(token), "row label \(token): \(text)") }
        let fonts = try BoundedProcess.run(pdffonts, [out.path]).stdoutText
        #expect(fonts.contains("CID") && fonts.contains("Identity-H"), "no CJK (CID) font embedded: \(fonts)")
        // A sans face even where fontconfig ranks TeX Live's calligraphic AR PL Kai first for Chinese.
        #expect(fonts.contains("WenQuanYi") || fonts.contains("NotoSansCJK"), "CJK labels not in a sans face: \(fonts)")
        #expect(!fonts.contains("AR-PL") && !fonts.contains("KaitiM"), "CJK labels in a Kai face: \(fonts)")
        let page = dir.appendingPathComponent("page")
        let ppm = try BoundedProcess.run(pdftoppm, ["-png", "-r", "100", "-singlefile", out.path, page.path])
        #expect(ppm.status == 0, "\(ppm.stderr)")
        try Self.expectInkInEveryLabel(PNGPixels(contentsOf: dir.appendingPathComponent("page.png")), "PDF")
    }
}
