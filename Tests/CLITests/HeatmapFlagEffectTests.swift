import Foundation
import Testing
import TestSupport

/// Heatmap flags checked by what they change in the file (pixels decoded independently, fonts
/// listed by pdffonts), not by exit status: `--font`, `--pool`, `--xticks`, `--transparent`.
@Suite(.hangGuard) struct HeatmapFlagEffectTests {
    static let small = "[[0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2]]"

    static func render(_ input: String, _ arguments: [String], name: String, in dir: URL) throws -> URL {
        let file = dir.appendingPathComponent("in.json")
        try Data(input.utf8).write(to: file)
        let out = dir.appendingPathComponent(name)
        let result = try AttnvizProcess.run(["heatmap", file.path, "-o", out.path] + arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return out
    }

    /// `--font FAMILY` picks the family of every label (the default is sans-serif).
    @Test func fontPicksTheFamilyEmbeddedInThePDF() throws {
        let pdffonts = try RequiredTool.require(RequiredTool.onPath("pdffonts"), "pdffonts", why: "lists the fonts the PDF embeds", install: "apt-get install poppler-utils")
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let labels = ["--tokens", "alpha beta gamma", "--title", "Fonts"]
        let serif = try Self.render(Self.small, labels + ["--font", "DejaVu Serif"], name: "serif.pdf", in: dir)
        let plain = try Self.render(Self.small, labels, name: "default.pdf", in: dir)
        let serifFonts = try BoundedProcess.run(pdffonts, [serif.path]).stdoutText
        let plainFonts = try BoundedProcess.run(pdffonts, [plain.path]).stdoutText
        #expect(serifFonts.contains("DejaVuSerif") && !serifFonts.contains("DejaVuSans"), "\(serifFonts)")
        #expect(plainFonts.contains("DejaVuSans") && !plainFonts.contains("DejaVuSerif"), "\(plainFonts)")
    }

    /// One sharp column of ones in a 1,500 × 1,500 matrix of zeros, about 3 cells per pixel:
    /// `--pool max` (the default) keeps it at the top colour, `--pool mean` dilutes it.
    @Test(arguments: [(["--pool", "max"], true), ([], true), (["--pool", "mean"], false)])
    func poolingKeepsOrDilutesASharpColumn(arguments: [String], sharp: Bool) throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 1500
        var values = [Float](repeating: 0, count: n * n)
        for row in 0..<n { values[row * n + 700] = 1 }
        let input = dir.appendingPathComponent("sharp.npy")
        try Data(BadInputTests.npy(shape: "(\(n), \(n))", data: BadInputTests.floats(values))).write(to: input)
        let out = dir.appendingPathComponent("pooled.png")
        let result = try AttnvizProcess.run(["heatmap", input.path, "-o", out.path, "--cmap", "viridis", "--vmin", "0", "--vmax", "1", "--no-cbar"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let png = try PNGPixels(contentsOf: out)
        let plot = try #require(png.colouredBox())
        let top = png.positions(of: (0xFD, 0xE7, 0x25), tolerance: 3)   // viridis(1)
        if sharp {
            #expect(top.count >= plot.y.count * 9 / 10, "\(top.count) top-colour pixels over \(plot.y.count) rows")
        } else {
            #expect(top.isEmpty, "\(top.count) top-colour pixels after mean pooling")
        }
    }

    /// Column labels above the plot by default (the note) and with `--xticks top`; below with
    /// `--xticks bottom`.
    @Test(arguments: [([], true), (["--xticks", "top"], true), (["--xticks", "bottom"], false)])
    func xticksPutsColumnLabelsOnTheSideAsked(arguments: [String], onTop: Bool) throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try Self.render(Self.small, ["--tokens", "Wide Words Here", "--cmap", "viridis", "--no-cbar", "--yticklabels", "none"] + arguments, name: "ticks.png", in: dir)
        let png = try PNGPixels(contentsOf: out)
        let plot = try #require(png.colouredBox())
        let above = png.inkCount(xs: plot.x, ys: 0..<max(0, plot.y.lowerBound - 8))
        let below = png.inkCount(xs: plot.x, ys: min(png.height, plot.y.upperBound + 8)..<png.height)
        #expect(onTop ? (above > 50 && below == 0) : (below > 50 && above == 0), "ink above \(above), below \(below)")
    }

    /// `--transparent`: the page is fully transparent, the cells stay opaque.
    @Test(arguments: [true, false])
    func transparentLeavesThePageClear(transparent: Bool) throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try Self.render(Self.small, ["--cmap", "viridis"] + (transparent ? ["--transparent"] : []), name: "page.png", in: dir)
        let png = try PNGPixels(contentsOf: out)
        for (x, y) in [(0, 0), (png.width - 1, 0), (0, png.height - 1), (png.width - 1, png.height - 1)] {
            #expect(png.rgba(x, y).a == (transparent ? 0 : 255), "corner (\(x), \(y)): \(png.rgba(x, y))")
        }
        let plot = try #require(png.colouredBox())
        #expect(png.rgba((plot.x.lowerBound + plot.x.upperBound) / 2, (plot.y.lowerBound + plot.y.upperBound) / 2).a == 255)
    }
}
