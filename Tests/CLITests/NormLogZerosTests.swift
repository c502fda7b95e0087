import Foundation
import Testing
import TestSupport

/// README: `--norm log` is matplotlib's `LogNorm` (the range spans the positive values), except
/// that values ≤ 0 take the lowest colour instead of disappearing. Checked on the PNG: each
/// cell's colour is matplotlib's YlOrRd at its LogNorm position (colours from
/// `colormap_samples.json`, exported by matplotlib), zero cells are the lowest colour, no cell
/// is left as page (a NaN colour), and the colour bar is drawn.
@Suite(.hangGuard) struct NormLogZerosTests {
    /// With vmin 0.001 and vmax 1, LogNorm puts 0.01 at 1/3 and 0.1 at 2/3.
    static let matrix: [[Double]] = [[0, 0.001, 0.01], [0.1, 1, 0], [0.01, 0, 0.1]]
    static let position: [Double: Double] = [0: 0, 0.001: 0, 0.01: 1.0 / 3, 0.1: 2.0 / 3, 1: 1]

    /// matplotlib's YlOrRd at `t` (one of the exported sample points).
    static func ylOrRd(at t: Double) throws -> (UInt8, UInt8, UInt8) {
        let url = AttnvizProcess.packageRoot.appendingPathComponent("Tests/AttentionTextTests/Fixtures/colormap_samples.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let samples = try #require((json?["samples"] as? [String: Any])?["YlOrRd"] as? [[Any]])
        let hex = try #require(samples.first { abs(($0[0] as? Double ?? -9) - t) < 1e-9 }?[1] as? String, "no sample at \(t)")
        let v = try #require(UInt32(hex.dropFirst(), radix: 16))
        return (UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
    }

    /// Runs of columns that hold coloured pixels, left to right (the plot, then the colour bar).
    static func colouredColumnRuns(_ png: PNGPixels) -> [Range<Int>] {
        var runs = [Range<Int>]()
        var start: Int?
        for x in 0...png.width {
            let coloured = x < png.width && (0..<png.height).contains { png.isColoured(x, $0) }
            if coloured && start == nil { start = x }
            if !coloured, let s = start { runs.append(s..<x); start = nil }
        }
        return runs
    }

    @Test func zerosTakeTheLowestColourAndTheBarIsDrawn() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("zeros.json")
        try Data("[[0, 0.001, 0.01], [0.1, 1, 0], [0.01, 0, 0.1]]".utf8).write(to: input)   // = matrix
        let out = dir.appendingPathComponent("log.png")
        let result = try AttnvizProcess.run(["heatmap", input.path, "--norm", "log", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let png = try PNGPixels(contentsOf: out)
        let runs = Self.colouredColumnRuns(png)
        try #require(runs.count == 2, "expected the plot and the colour bar, found coloured runs \(runs)")
        let plotX = runs[0]
        let plot = try #require(png.colouredBox(xs: plotX))
        for (r, ys) in PNGPixels.slices(plot.y, 3).enumerated() {
            for (c, xs) in PNGPixels.slices(plot.x, 3).enumerated() {
                let value = Self.matrix[r][c]
                let expected = try Self.ylOrRd(at: Self.position[value]!)
                let p = png.rgba((xs.lowerBound + xs.upperBound) / 2, (ys.lowerBound + ys.upperBound) / 2)
                let close = abs(Int(p.r) - Int(expected.0)) <= 2 && abs(Int(p.g) - Int(expected.1)) <= 2 && abs(Int(p.b) - Int(expected.2)) <= 2
                #expect(close, "cell [\(r)][\(c)] = \(value): \(p), matplotlib \(expected)")
            }
        }
        // The colour bar: a tall narrow strip from the lowest colour (bottom) to the highest (top).
        let bar = try #require(png.colouredBox(xs: runs[1]))
        #expect(bar.x.count < plot.x.count / 5 && bar.y.count > plot.y.count / 2, "bar \(bar)")
        let midX = (bar.x.lowerBound + bar.x.upperBound) / 2
        let top = png.rgba(midX, bar.y.lowerBound + 2), bottom = png.rgba(midX, bar.y.upperBound - 3)
        let high = try Self.ylOrRd(at: 1), low = try Self.ylOrRd(at: 0)
        #expect(abs(Int(top.r) - Int(high.0)) <= 3 && abs(Int(top.g) - Int(high.1)) <= 3, "bar top \(top)")
        #expect(abs(Int(bottom.b) - Int(low.2)) <= 3 && bottom.r == 255, "bar bottom \(bottom)")
    }
}
