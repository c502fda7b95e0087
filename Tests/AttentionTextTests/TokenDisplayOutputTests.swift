import Attention
import Foundation
import Testing
import AttentionText

/// Every text output shows tokens through `TokenDisplay`'s one table: the same scalars are
/// replaced in HTML, LaTeX, the terminal text heat and the terminal heatmap, and over-long
/// tokens are cut at the same limit.
@Suite struct TokenDisplayOutputTests {
    /// A token of every class the table replaces, and one far over the length limit.
    static let tricky = "a\u{2028}b\u{2029}c\u{200B}d\u{FEFF}e\u{2060}f\u{202E}g\u{2067}h\u{1B}i\u{85}j"
    static let long = String(repeating: "x", count: TokenDisplay.maximumLength + 50)
    /// What no output may contain raw.
    static func hasReplacedScalar(_ text: String, allowing allowed: Set<UInt32> = []) -> Bool {
        text.unicodeScalars.contains { TokenDisplay.replaces($0) && !allowed.contains($0.value) }
    }

    static func heat() throws -> TextHeat {
        try TextHeat(tokens: [["武", tricky, long, "👨\u{200D}👩"]], weights: [[0.1, 0.5, 0.9, 0.3]])
    }

    @Test func htmlShowsTheTableSymbolsAndCutsLongTokens() throws {
        let html = TextHeatHTML.render(try Self.heat())
        #expect(!Self.hasReplacedScalar(html, allowing: [0x0A]), "raw replaced scalar in the page")
        #expect(html.contains(" " + TokenDisplay.visible(Self.tricky) + "</span>"))
        #expect(html.contains("a␤b␤c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}h␛i\u{FFFD}j"))
        #expect(html.contains(" " + String(repeating: "x", count: TokenDisplay.maximumLength) + "…</span>"))
        #expect(!html.contains(String(repeating: "x", count: TokenDisplay.maximumLength + 1)))
        // Joiners only shape text: the emoji stays one.
        #expect(html.contains("👨\u{200D}👩"))
    }

    @Test func terminalTextHeatAndHeatmapShowTheSameSymbols() throws {
        let text = TextHeatTerminal.render(try Self.heat(), options: .init(mode: .none, width: 400))
        #expect(!Self.hasReplacedScalar(text, allowing: [0x0A]))
        #expect(text.contains(TokenDisplay.visible(Self.tricky)))
        #expect(text.contains(String(repeating: "x", count: TokenDisplay.maximumLength) + "…["))

        let tokens = Tokens(["武", Self.tricky])
        let map = try AttentionMap(matrix: AttentionMatrix(rows: 2, columns: 2, values: [1, 0, 0.5, 0.5]), rowLabels: tokens, columnLabels: tokens)
        let drawn = TerminalHeatmap.render(map, options: .init(colormap: try .named("YlOrRd"), mode: .none, width: 200))
        #expect(!Self.hasReplacedScalar(drawn, allowing: [0x0A]))
        #expect(drawn.contains("a␤b␤c\u{FFFD}"))
    }

    /// LaTeX cannot typeset the symbols, so it writes each replaced scalar's code, and cuts with \ldots.
    @Test func latexEscapesEveryReplacedScalarAndCutsLongTokens() throws {
        let tex = TextHeatLaTeX.render(try Self.heat())
        #expect(!Self.hasReplacedScalar(tex, allowing: [0x0A]))
        #expect(tex.contains(#"a\textbackslash{}x2028b\textbackslash{}x2029c\textbackslash{}x200Bd\textbackslash{}xFEFFe"#))
        #expect(tex.contains(String(repeating: "x", count: TokenDisplay.maximumLength) + #"\ldots{}}"#))
        #expect(!tex.contains(String(repeating: "x", count: TokenDisplay.maximumLength + 1)))
        #expect(TextHeatLaTeX.escape("👨\u{200D}👩") == "👨\u{200D}👩")
    }
}
