import Foundation
import Testing
import TestSupport

/// `attnviz heatmap` end to end through the built binary.
@Suite(.hangGuard) struct HeatmapCommandTests {
    static let gperes = """
    {"武": {"武": 0.1, "汉": 0.9, "市": 1, "长": 0.05, "江": 0.09, "大": 0.03, "桥": 0.2},
     "汉": {"武": 0, "汉": 0.2, "市": 0.1, "长": 0.03, "江": 0.04, "大": 0.02, "桥": 0.07},
     "市": {"武": 0, "汉": 0, "市": 0.1, "长": 0.01, "江": 0.02, "大": 0.03, "桥": 0.05},
     "长": {"武": 0, "汉": 0, "市": 0, "长": 0.25, "江": 0.1, "大": 0.08, "桥": 0.09},
     "江": {"武": 0, "汉": 0, "市": 0, "长": 0, "江": 0.15, "大": 0.04, "桥": 0.015},
     "大": {"武": 0, "汉": 0, "市": 0, "长": 0, "江": 0, "大": 0.14, "桥": 0.15},
     "桥": {"武": 0, "汉": 0, "市": 0, "长": 0, "江": 0, "大": 0, "桥": 0.12}}
    """

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func be(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test func writesPNGSVGAndPDFOfTheNotesMatrix() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("gperes.json")
        try Self.gperes.write(to: input, atomically: true, encoding: .utf8)
        for name in ["a.png", "a.svg", "a.pdf"] {
            let out = dir.appendingPathComponent(name)
            let result = try AttnvizProcess.run(["heatmap", input.path, "-o", out.path, "--annot", "--title", "gperes <&> \"x\""])
            #expect(result.status == 0, "\(result.stderr)")
            let data = try Data(contentsOf: out)
            switch name {
            case "a.png":
                let size = try #require(Self.pngSize(data))
                #expect(size == (640, 480))
            case "a.svg":
                let text = String(decoding: data, as: UTF8.self)
                #expect(text.contains("<svg"))
                // The title is drawn as glyph outlines; the raw markup never appears.
                #expect(!text.contains("<&>"))
            default:
                #expect(data.starts(with: Data("%PDF-".utf8)))
            }
        }
        // A different size and dpi change the bitmap.
        let big = dir.appendingPathComponent("big.png")
        let result = try AttnvizProcess.run(["heatmap", input.path, "-o", big.path, "--size", "4x3", "--dpi", "200"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.pngSize(try Data(contentsOf: big)).map { $0 == (800, 600) } == true)
    }

    @Test func drawsInTheTerminal() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("gperes.json")
        try Self.gperes.write(to: input, atomically: true, encoding: .utf8)
        let result = try AttnvizProcess.run(["heatmap", input.path, "--terminal", "--color-mode", "truecolor", "--width", "60"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("武"))
        // YlOrRd's darkest red for the maximum, as a 24-bit escape.
        #expect(result.stdout.contains("128;0;38"))
    }

    @Test func badOptionsAndInputsFailWithOneLineAndNoOutput() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("gperes.json")
        try Self.gperes.write(to: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("x.png").path
        let cases: [([String], String)] = [
            (["-o", dir.appendingPathComponent("x.bmp").path], "unknown output type"),
            (["-o", out, "--cmap", "jet3"], "unknown colormap 'jet3'"),
            (["-o", out, "--vmin", "2", "--vmax", "1"], "vmin 2.0 is greater than vmax 1.0"),
            (["-o", out, "--norm", "power:-1"], "--norm"),
            (["-o", out, "--fmt", ".2q"], "--fmt"),
            (["-o", out, "--mask", dir.appendingPathComponent("nope.npy").path], "nope.npy: --mask is not"),
            (["-o", out, "--size", "0x3"], "size"),
            (["-o", out, "--xticklabels", "0"], "--xticklabels"),
            (["-o", out, "--norm", "log", "--vmin", "0"], "log norm needs a positive vmin"),
        ]
        for (arguments, message) in cases {
            let result = try AttnvizProcess.run(["heatmap", input.path] + arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("attnviz: ") && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let missing = try AttnvizProcess.run(["heatmap", dir.appendingPathComponent("missing.json").path, "-o", out])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("attnviz: ") && missing.stderr.contains("missing.json"))
    }

    @Test func maskFromAFileMustMatchTheMatrix() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("gperes.json")
        try Self.gperes.write(to: input, atomically: true, encoding: .utf8)
        let good = dir.appendingPathComponent("mask.json")
        let rows = (0..<7).map { r in "[" + (0..<7).map { c in c > r ? "1" : "0" }.joined(separator: ",") + "]" }
        try ("[" + rows.joined(separator: ",") + "]").write(to: good, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("m.png").path
        let ok = try AttnvizProcess.run(["heatmap", input.path, "-o", out, "--mask", good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let small = dir.appendingPathComponent("small.json")
        try "[[0,1],[0,0]]".write(to: small, atomically: true, encoding: .utf8)
        let bad = try AttnvizProcess.run(["heatmap", input.path, "-o", dir.appendingPathComponent("n.png").path, "--mask", small.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("small.json: mask has shape"), "\(bad.stderr)")
    }

    @Test func gridOfLayersAndHeads() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A [2, 3, 4, 4] tensor as nested JSON arrays.
        let head = "[" + (0..<4).map { r in "[" + (0..<4).map { c in "\(Double(r * 4 + c) / 16)" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        let layer = "[" + Array(repeating: head, count: 3).joined(separator: ",") + "]"
        let input = dir.appendingPathComponent("t.json")
        try ("[" + layer + "," + layer + "]").write(to: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("grid.png")
        let result = try AttnvizProcess.run(["heatmap", input.path, "--grid", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.pngSize(try Data(contentsOf: out)) != nil)
        let conflict = try AttnvizProcess.run(["heatmap", input.path, "--grid", "--head", "1", "-o", out.path])
        #expect(conflict.status != 0)
    }

    /// One head of a sparse 64 GiB `[32, 32, 4096, 4096]` .npy, memory-mapped, drawn with peak
    /// RSS under 300 MB.
    @Test func rendersOneHeadOfA64GiBFileUnder300MB() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.npy").path
        _ = try HugeFileTests.makeSparseNpy(at: path)
        let png = dir.appendingPathComponent("head.png").path
        let (status, peakKB) = try HugeFileTests.runMeasuringPeakRSS(
            ["heatmap", path, "--layer", "0", "--head", "0", "-o", png], stdoutPath: dir.appendingPathComponent("out.txt").path)
        #expect(status == 0)
        #expect(peakKB < 300 * 1024, "peak RSS \(peakKB) KB")
        #expect(Self.pngSize(try Data(contentsOf: URL(fileURLWithPath: png))) == nil ? false : true)
    }
}
