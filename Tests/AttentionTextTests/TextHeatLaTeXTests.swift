import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionText

@Suite(.hangGuard)  // runs pdflatex and pdftotext
struct TextHeatLaTeXTests {
    @Test func escapesEverySpecialCharacter() {
        #expect(TextHeatLaTeX.escape(##"\{}$&#_%^~"##) ==
            ##"\textbackslash{}\{\}\$\&\#\_\%\textasciicircum{}\textasciitilde{}"##)
        #expect(TextHeatLaTeX.escape("\"'`<>|") == #"\textquotedbl{}\textquotesingle{}\textasciigrave{}\textless{}\textgreater{}\textbar{}"#)
        #expect(TextHeatLaTeX.escape("--[x]") == "-{}-{}{[}x{]}")
        #expect(TextHeatLaTeX.escape("a\u{1B}b\nc") == #"a\textbackslash{}x1Bb\textbackslash{}xAc"#)
    }

    @Test func tintIsPercentOfTheColourOverWhite() throws {
        let heat = try TextHeat(texts: ["a b c"], weights: [[0, 0.5, 1]], smoothing: .none)
        let tex = TextHeatLaTeX.render(heat)
        #expect(tex.contains("\\definecolor{heat}{RGB}{255,0,0}"))
        #expect(tex.contains("\\colorbox{heat!0}{\\strut a}"))
        #expect(tex.contains("\\colorbox{heat!50}{\\strut b}"))
        #expect(tex.contains("\\colorbox{heat!100}{\\strut c}"))
        let body = TextHeatLaTeX.render(heat, options: .init(standalone: false))
        #expect(!body.contains("\\documentclass"))
        let mapped = TextHeatLaTeX.render(heat, options: .init(paint: .colormap(try .named("YlOrRd"))))
        #expect(mapped.contains("\\colorbox[RGB]{128,0,38}{\\strut c}"))
    }

    /// Hostile tokens compile with pdflatex and come out of the PDF as the same text.
    @Test func hostileTokensCompileWithPdflatex() throws {
        let pdflatex = try RenderTools.pdflatex()
        let pdftotext = try RenderTools.pdftotext()
        let directory = try RenderTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokens = TextHeatSamples.hostileTokens.filter { !$0.contains("\u{1B}") && !$0.contains("\t") }
        let heat = try TextHeat(tokens: [tokens, ["Latin", "text", "only"]], weights: [tokens.indices.map(Double.init), [1, 2, 3]],
                                labels: ["Hostile_&_%", nil])
        let source = directory.appendingPathComponent("heat.tex")
        try TextHeatLaTeX.render(heat, options: .init(legend: true)).write(to: source, atomically: true, encoding: .utf8)
        let result = try RenderTools.run(pdflatex, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
                                                    "-output-directory", directory.path, source.path])
        let log = result.stdoutText
        #expect(result.status == 0, "\(log.suffix(1500))")
        let pdf = directory.appendingPathComponent("heat.pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        let text = try RenderTools.run(pdftotext, [pdf.path, "-"]).stdoutText
        for token in ["\"quoted\"", "<b>bold</b>", "a&b", "</script><script>alert(1)</script>", "back\\slash", "100%", "{brace}", "$x^2_y$", "#hash", "--dash", "[opt]"] {
            #expect(text.replacingOccurrences(of: "\n", with: " ").contains(token), "\(token) missing from the PDF text")
        }
        #expect(text.contains("Hostile_&_%"))
    }
}
