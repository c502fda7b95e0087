import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

/// Runs `Tests/Browser/explorer_interaction_check.py` in headless Chromium: the matrix view's
/// tooltip, hit test and colours, keys 1–5 and the arrows, wheel zoom, drag to pan, top-k lines,
/// the aggregates against NumPy, and a max-pooled 2,048-token head, every position found from
/// the drawn pixels (not the page's geometry code) and every number from NumPy.
@Suite struct ExplorerInteractionTests {
    /// `[2, 3, 24, 40]` cross attention; each query row of each head has a clear heaviest key
    /// (0.5 + q/100) and second key (0.3) among small weights, so top-k lines are unambiguous.
    static func crossAttention() throws -> AttentionData {
        let (layers, heads, queries, keys) = (2, 3, 24, 40)
        var rng = SyntheticAttention.SplitMix(state: 3)
        var values = [Float]()
        for l in 0..<layers {
            for h in 0..<heads {
                for q in 0..<queries {
                    var row = (0..<keys).map { _ in rng.unit() * 0.01 }
                    let first = (3 * q + l + 2 * h + 1) % keys
                    var second = (5 * q + 2 + h) % keys
                    if second == first { second = (second + 1) % keys }
                    row[first] = 0.5 + Float(q) / 100
                    row[second] = 0.3
                    values += row
                }
            }
        }
        return try AttentionData(tensor: AttentionTensor(shape: [layers, heads, queries, keys], values: values),
                                 queryTokens: Tokens((0..<queries).map { "Q\($0)" }), keyTokens: Tokens((0..<keys).map { "K\($0)" }))
    }

    /// `[1, 1, 2048, 2048]`: every even key column holds 0.3 + 0.4 q / 2047 (odd ones 0), so
    /// max pooling shows a vertical gradient and mean pooling half of it; and five single
    /// weights of 1 away from the diagonal.
    static let peaks = [(100, 1900), (1500, 301), (1024, 1725), (2000, 51), (333, 1201)]
    static func peaked() throws -> AttentionData {
        let n = 2048
        var values = [Float](repeating: 0, count: n * n)
        for q in 0..<n {
            for k in stride(from: 0, to: n, by: 2) { values[q * n + k] = 0.3 + 0.4 * Float(q) / Float(n - 1) }
        }
        for (q, k) in peaks { values[q * n + k] = 1 }
        return try AttentionData(tensor: AttentionTensor(shape: [1, 1, n, n], values: values))
    }

    @Test func explorerInteractionsMatchNumPy() throws {
        let chromium = try RequiredTool.require(RequiredTool.firstExecutable(["/usr/bin/chromium", "/usr/bin/chromium-browser"]), "chromium",
                                                why: "the explorer's interactions are checked in a real browser", install: "scripts/setup --test")
        _ = try RequiredTool.require(RequiredTool.onPath("chromedriver"), "chromedriver",
                                     why: "selenium drives chromium", install: "scripts/setup --test")
        let python = try RequiredTool.venvPython()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-interaction-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        try BrowserTests.writeCase("asym-u8", data: Self.crossAttention(), precision: .u8, to: directory)
        let square = try AttentionData(tensor: SyntheticAttention.tensor(layers: 3, heads: 4, tokens: 9, seed: 21))
        try BrowserTests.writeCase("square-u8", data: square, precision: .u8, to: directory)
        try BrowserTests.writeCase("peaks-2048", data: Self.peaked(), precision: .u8, to: directory)
        // The peaks' positions for the script.
        let meta = directory.appendingPathComponent("peaks-2048.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: meta)) as? [String: Any])
        object["peaks"] = Self.peaks.map { [$0.0, $0.1] }
        try JSONSerialization.data(withJSONObject: object).write(to: meta)

        let script = ExplorerPageTests.packageRoot.appendingPathComponent("Tests/Browser/explorer_interaction_check.py").path
        let result = try BoundedProcess.run(python, [script, directory.path], environment: ["CHROMIUM": chromium], timeout: 480)
        let output = result.stdoutText + result.stderr
        #expect(!result.timedOut, "explorer_interaction_check.py did not finish in 480 s:\n\(output)")
        #expect(result.status == 0, "interaction checks failed:\n\(output)")
        #expect(output.contains("all interaction checks passed"))
        for promise in ["key 5 shows the agg view", "the wheel zooms by", "dragging by", "top-2:", "rollout of layer 2",
                        "shows the max over its cells", "hovering that block names query 100, key 1900"] {
            #expect(output.contains(promise), "no check ran for \(promise)")
        }
    }
}
