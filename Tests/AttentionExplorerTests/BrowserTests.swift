import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

/// Runs `Tests/Browser/explorer_check.py` in real headless Chromium over pages written here.
/// A missing chromium, chromedriver, venv or selenium fails under `make test` and is a named
/// skip under a bare `swift test` (TestSupport's BrowserScript).
@Suite(.hangGuard) struct BrowserTests {
    /// Writes `NAME.html`, the input as `NAME.f32` and its description as `NAME.json`.
    static func writeCase(_ name: String, data: AttentionData, precision: ExplorerPrecision, pairSplit: Int? = nil, to directory: URL) throws {
        let html = try ExplorerPage.html(data: data, precision: precision, pairSplit: pairSplit, title: name)
        try Data(html.utf8).write(to: directory.appendingPathComponent("\(name).html"))
        let values = data.tensor.allValues()
        try values.withUnsafeBufferPointer { try Data(buffer: $0).write(to: directory.appendingPathComponent("\(name).f32")) }
        var meta: [String: Any] = [
            "shape": data.tensor.shape.dimensions, "precision": precision.rawValue,
            "queryTokens": data.queryLabels.strings, "keyTokens": data.keyLabels.strings,
        ]
        if let pairSplit { meta["pairSplit"] = pairSplit }
        try JSONSerialization.data(withJSONObject: meta).write(to: directory.appendingPathComponent("\(name).json"))
    }

    @Test func explorerWorksInHeadlessChromium() throws {
        let root = PackageRoot.url
        // ATTNVIZ_BROWSER_CASES keeps the pages for a look (and for re-running the script by hand).
        let keep = ProcessInfo.processInfo.environment["ATTNVIZ_BROWSER_CASES"]
        let directory = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }

        // A sentence pair with hostile and CJK tokens, 8-bit.
        let words = ["[CLS]", "武", "汉", "市", "长", "江", "大", "桥", "</script><img src=x onerror=alert(1)>", "\"q'", "[SEP]"]
        var tokens = (0..<40).map { words[$0 % words.count] + ($0 >= words.count ? "\($0)" : "") }
        tokens[20] = "[SEP]"
        let pair = try AttentionData(tensor: SyntheticAttention.tensor(layers: 3, heads: 4, tokens: 40),
                                     queryTokens: Tokens(tokens), keyTokens: Tokens(tokens))
        try Self.writeCase("pair-u8", data: pair, precision: .u8, pairSplit: 21, to: directory)
        // Half precision.
        let half = try AttentionData(tensor: SyntheticAttention.tensor(layers: 2, heads: 3, tokens: 30, seed: 11))
        try Self.writeCase("plain-f16", data: half, precision: .f16, to: directory)
        // The note's example.
        try Self.writeCase("seed-u8", data: SeedExample.data, precision: .u8, to: directory)
        // A long input: one head of 2048 tokens.
        let long = try AttentionData(tensor: SyntheticAttention.tensor(layers: 1, heads: 1, tokens: 2048, seed: 5))
        try Self.writeCase("long-2048", data: long, precision: .u8, to: directory)

        var arguments = [directory.path]
        if let shots = ProcessInfo.processInfo.environment["ATTNVIZ_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        let result = try BrowserScript.run(root.appendingPathComponent("Tests/Browser/explorer_check.py").path, arguments)
        let text = result.stdoutText + result.stderr
        #expect(result.status == 0, "browser checks failed:\n\(text)")
        #expect(text.contains("all browser checks passed"))
        #expect(text.contains("long-2048: tooltip at"))
    }
}
