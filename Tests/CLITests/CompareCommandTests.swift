import Foundation
import Testing
import TestSupport

/// `attnviz compare A B`: the NumPy divergences of the fixture's two runs, the difference as a
/// tensor and as a diverging heatmap of the most changed head, and refusals as one line.
@Suite(.hangGuard) struct CompareCommandTests {
    @Test func divergenceDifferenceAndHeatmap() throws {
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
            PackageRoot.path("Tests/AttentionTests/Fixtures/head_scores.json")))) as? [String: Any])
        let section = try #require(fixture["divergence"] as? [String: Any])
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json"), b = dir.appendingPathComponent("b.json")
        try JSONSerialization.data(withJSONObject: section["a"] ?? []).write(to: a)
        try JSONSerialization.data(withJSONObject: section["b"] ?? []).write(to: b)
        let json = dir.appendingPathComponent("jsd.json"), diff = dir.appendingPathComponent("diff.npy"), png = dir.appendingPathComponent("diff.png")
        let result = try AttnvizProcess.run(["compare", a.path, b.path, "--json", json.path, "--diff", diff.path, "-o", png.path, "--top", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try #require(section["divergence"] as? [[Double]])
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let got = try #require(written["divergence"] as? [[Double]])
        #expect(got.count == 2 && zip(got, expected).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1) < 1e-6 } }, "\(got) vs \(expected)")
        // The most changed head per NumPy leads the table; the unchanged one ends it.
        let flat = expected.enumerated().flatMap { l, row in row.enumerated().map { (l, $0, $1) } }
        let top = try #require(flat.max { $0.2 < $1.2 })
        #expect(result.stdout.contains("most changed (Jensen-Shannon divergence, bits):  L\(top.0) H\(top.1)"), "\(result.stdout)")
        #expect(result.stdout.contains("least changed:") && result.stdout.contains("L1 H2 0.000"), "\(result.stdout)")
        // The difference tensor: A - B, element by element (.npy version 1: float32 after the
        // 10-byte preamble and the header length it states).
        let bytes = [UInt8](try Data(contentsOf: diff))
        let start = 10 + Int(bytes[8]) + Int(bytes[9]) << 8
        let values = Data(bytes[start...]).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        let av = try #require(section["a"] as? [[[[Double]]]]).flatMap { $0.flatMap { $0.flatMap { $0 } } }
        let bv = try #require(section["b"] as? [[[[Double]]]]).flatMap { $0.flatMap { $0.flatMap { $0 } } }
        #expect(values.count == av.count && zip(values, zip(av, bv)).allSatisfy { abs(Double($0) - (Float($1.0) - Float($1.1)).asDouble) < 1e-7 })
        // The heatmap: RdBu_r's two ends (blue where B is larger, red where A is).
        let pixels = try PNGPixels(contentsOf: png)
        #expect(pixels.positions(of: (0x05, 0x30, 0x61), tolerance: 6).count > 50 || pixels.positions(of: (0x67, 0x00, 0x1F), tolerance: 6).count > 50)
    }

    /// `--explore`: the page's Heads table ranks heads by the NumPy divergence, its matrix view
    /// shows A - B on RdBu_r and the tooltip A, B and A - B (Tests/Browser/compare_check.py).
    @Test func explorerShowsBothRunsAndTheirDifference() throws {
        let goldens = PackageRoot.path("Tests/AttentionTests/Fixtures/head_scores.json")
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: goldens))) as? [String: Any])
        let section = try #require(fixture["divergence"] as? [String: Any])
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json"), b = dir.appendingPathComponent("b.json"), page = dir.appendingPathComponent("compare.html")
        try JSONSerialization.data(withJSONObject: section["a"] ?? []).write(to: a)
        try JSONSerialization.data(withJSONObject: section["b"] ?? []).write(to: b)
        let result = try AttnvizProcess.run(["compare", a.path, b.path, "--explore", page.path])
        #expect(result.status == 0, "\(result.stderr)")
        let browser = try BrowserScript.run(PackageRoot.path("Tests/Browser/compare_check.py"), [page.path, goldens])
        let text = browser.stdoutText + browser.stderr
        #expect(browser.status == 0, "compare checks failed:\n\(text)")
        #expect(text.contains("compare checks passed"))
    }

    @Test func refusalsAreOneLine() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json"), c = dir.appendingPathComponent("c.json")
        try "[[0.5, 0.5], [0.2, 0.8]]".write(to: a, atomically: true, encoding: .utf8)
        try "[[1, 0, 0], [0, 1, 0], [0, 0, 1]]".write(to: c, atomically: true, encoding: .utf8)
        for (arguments, message) in [
            (["compare", a.path, c.path], "c.json: shape"),
            (["compare", a.path, a.path, "--diff", dir.appendingPathComponent("d.txt").path], "--diff writes .safetensors or .npy"),
            (["compare", a.path, a.path, "--head", "1"], "--layer and --head choose what -o draws"),
            (["compare", a.path, a.path, "--explore", dir.appendingPathComponent("p.txt").path], "--explore writes HTML"),
            (["compare", a.path, dir.appendingPathComponent("none.npy").path], "none.npy"),
        ] {
            let result = try AttnvizProcess.run(arguments)
            #expect(result.status == 1 && result.stderr.hasPrefix("attnviz: ") && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}

private extension Float {
    var asDouble: Double { Double(self) }
}
