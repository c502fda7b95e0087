import Foundation
import Testing
import TestSupport

/// `attnviz run --generate N --heatmap`: the generated tokens are marked, a line in tab:blue
/// (#1f77b4, a colour no sequential colormap has) at the prompt's end on both axes and their
/// labels in that colour; without `--generate` nothing is drawn in it. The `-o` file keeps the
/// mark (`prompt_tokens`), so `attnviz heatmap` draws it too, except on a slice of the matrix.
@Suite(.hangGuard) struct GeneratedTokenHeatmapTests {
    /// Pixels within a small distance of #1f77b4.
    static func bluePixels(_ png: PNGPixels) -> Int {
        var count = 0
        for y in 0..<png.height {
            for x in 0..<png.width {
                let p = png.rgba(x, y)
                if abs(Int(p.r) - 0x1F) + abs(Int(p.g) - 0x77) + abs(Int(p.b) - 0xB4) < 24 { count += 1 }
            }
        }
        return count
    }

    @Test func generatedTokensAreMarked() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let marked = dir.appendingPathComponent("generated.png"), plain = dir.appendingPathComponent("prompt.png")
        let run = try AttnvizProcess.run(["run", "--model", GenerateCommandTests.llama, "The tiny model", "--generate", "6",
                                          "--heatmap", marked.path, "--layer", "1", "--head", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        let plainRun = try AttnvizProcess.run(["run", "--model", GenerateCommandTests.llama, "The tiny model",
                                               "--heatmap", plain.path, "--layer", "1", "--head", "0"])
        #expect(plainRun.status == 0, "\(plainRun.stderr)")
        let blue = Self.bluePixels(try PNGPixels(contentsOf: marked))
        // Two lines across a plot of some 300 × 350 pixels, 1.5 px wide, plus label ink.
        #expect(blue > 400, "\(blue) tab:blue pixels with --generate")
        #expect(Self.bluePixels(try PNGPixels(contentsOf: plain)) == 0)
    }

    @Test func savedRunsKeepTheMark() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = dir.appendingPathComponent("run.safetensors")
        let run = try AttnvizProcess.run(["run", "--model", GenerateCommandTests.llama, "The tiny model", "--generate", "6", "-o", saved.path])
        #expect(run.status == 0, "\(run.stderr)")
        let whole = dir.appendingPathComponent("whole.png"), slice = dir.appendingPathComponent("slice.png")
        let a = try AttnvizProcess.run(["heatmap", saved.path, "-o", whole.path, "--layer", "1", "--head", "0"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(Self.bluePixels(try PNGPixels(contentsOf: whole)) > 400)
        let b = try AttnvizProcess.run(["heatmap", saved.path, "-o", slice.path, "--layer", "1", "--head", "0", "--queries", "0:4"])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(Self.bluePixels(try PNGPixels(contentsOf: slice)) == 0)
    }
}
