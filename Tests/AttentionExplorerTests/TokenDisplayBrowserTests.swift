import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

/// The explorer's script shows tokens by the same table as every other output: for the scalars
/// at and around each row of `TokenDisplay.rules`, and for whole tokens (emoji sequences, bidi
/// tricks, an over-long token), the page's `display()` and its text view equal
/// `TokenDisplay.visible` (Tests/Browser/token_display_check.py in headless chromium).
@Suite(.hangGuard) struct TokenDisplayBrowserTests {
    static func cases() -> [String] {
        var tokens = [String]()
        for rule in TokenDisplay.rules {
            for value in [rule.first &- 1, rule.first, rule.last, rule.last &+ 1] {
                guard let scalar = Unicode.Scalar(value), value != 0 else { continue }
                tokens.append("a" + String(Character(scalar)) + "b")
            }
        }
        tokens += [
            "👩‍👩‍👧", "🏳️‍🌈", "e\u{301}", "abc\u{202E}def", "\u{2066}x\u{2069}", "line\u{2028}break", "\u{FEFF}bom",
            "zero\u{200B}width", "tab\there", "esc\u{1B}[31m", String(repeating: "長", count: 250), "</script><!--", "∅",
        ]
        return tokens
    }

    @Test func explorerDisplaysTokensByTheTable() throws {
        let tokens = Self.cases()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-display-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let n = tokens.count
        let values = (0..<(n * n)).map { i in i % (n + 1) == 0 ? Float(1) : Float(0) }
        let data = try AttentionData(tensor: AttentionTensor(shape: [1, 1, n, n], values: values),
                                     queryTokens: Tokens(tokens), keyTokens: Tokens(tokens))
        let page = directory.appendingPathComponent("tokens.html")
        try Data(try ExplorerPage.html(data: data, precision: .u8, title: "tokens").utf8).write(to: page)
        let cases = directory.appendingPathComponent("cases.json")
        try JSONSerialization.data(withJSONObject: ["tokens": tokens, "expected": tokens.map { TokenDisplay.visible($0) }]).write(to: cases)
        let script = PackageRoot.path("Tests/Browser/token_display_check.py")
        let result = try BrowserScript.run(script, [page.path, cases.path])
        let text = result.stdoutText + result.stderr
        #expect(result.status == 0, "token display checks failed:\n\(text)")
        #expect(text.contains("token display checks passed"))
    }
}
