import Foundation
import Testing
import TestSupport

/// README, "LaTeX": `--latex-body` writes a body to `\input` into a document that loads
/// `xcolor`; Latin text compiles with pdflatex, Chinese with xelatex and the README's xeCJK
/// preamble. Both are compiled here and read back with pdftotext; the heat colour is checked
/// with pdftoppm (the most attended token sits on pure red).
@Suite(.hangGuard) struct LatexBodyCompilesTests {
    /// Compiles `document` (with `body.tex` beside it) and returns the PDF's text and its first
    /// page as pixels.
    static func compile(_ engine: String, document: String, body: URL, in dir: URL) throws -> (text: String, page: PNGPixels) {
        let tex = try RequiredTool.require(RequiredTool.onPath(engine), engine, why: "compiles attnviz's --latex-body output",
                                           install: engine == "xelatex" ? "apt-get install texlive-xetex texlive-lang-chinese" : "apt-get install texlive-latex-recommended")
        let pdftotext = try RequiredTool.require(RequiredTool.onPath("pdftotext"), "pdftotext", why: "reads the compiled PDF's text", install: "apt-get install poppler-utils")
        let pdftoppm = try RequiredTool.require(RequiredTool.onPath("pdftoppm"), "pdftoppm", why: "rasterises the compiled PDF", install: "apt-get install poppler-utils")
        try Data(document.utf8).write(to: dir.appendingPathComponent("doc.tex"))
        #expect(body.deletingLastPathComponent().path == dir.path)
        let run = try BoundedProcess.run(tex, ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc.tex"], in: dir, timeout: 300)
        try #require(run.status == 0, "\(engine) failed: \(run.stdoutText.suffix(1500))")
        let pdf = dir.appendingPathComponent("doc.pdf").path
        let text = try BoundedProcess.run(pdftotext, [pdf, "-"])
        #expect(text.status == 0)
        let ppm = try BoundedProcess.run(pdftoppm, ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", pdf, dir.appendingPathComponent("page").path])
        #expect(ppm.status == 0, "\(ppm.stderr)")
        return (text.stdoutText, try PNGPixels(contentsOf: dir.appendingPathComponent("page.png")))
    }

    static func write(_ json: String, body name: String, in dir: URL, extra: [String] = []) throws -> URL {
        let input = dir.appendingPathComponent("heat.json")
        try Data(json.utf8).write(to: input)
        let body = dir.appendingPathComponent(name)
        let result = try AttnvizProcess.run(["text", input.path, "--latex-body", "-o", body.path] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let tex = try String(contentsOf: body, encoding: .utf8)
        #expect(!tex.contains("\\documentclass") && !tex.contains("\\begin{document}"), "not a body: \(tex.prefix(200))")
        return body
    }

    static func hasPureRed(_ page: PNGPixels) -> Bool {
        page.positions(of: (255, 0, 0), tolerance: 2).count >= 20
    }

    @Test func latinBodyCompilesWithPdflatex() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let body = try Self.write(#"{"texts": ["Cats & dogs cost 100% of $5 #1 a_b"], "weights": [[0.1, 0.2, 0.9, 0.3, 0.1, 0.2, 0.1, 0.1, 0.2]]}"#,
                                  body: "body.tex", in: dir, extra: ["--window", "1"])
        let document = "\\documentclass{article}\n\\usepackage{xcolor}\n\\begin{document}\nBefore.\n\\input{body}\nAfter.\n\\end{document}\n"
        let (text, page) = try Self.compile("pdflatex", document: document, body: body, in: dir)
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // "a_b" must compile (an unescaped _ is a pdflatex error); pdflatex's default OT1 encoding
        // draws \_ as a rule, which pdftotext reads as a space.
        #expect(words.contains("Before. Heatmaps Example: Cats & dogs cost 100% of $5 #1 a b After."), "\(words)")
        #expect(Self.hasPureRed(page))
    }

    /// The README's preamble, verbatim, around `\input{body}` of 武汉市长江大桥.
    @Test func chineseBodyCompilesWithXelatexAndTheReadmePreamble() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let body = try Self.write(#"{"texts": ["武 汉 市 长 江 大 桥"], "weights": [[0.1, 0.9, 0.3, 0.05, 0.2, 0.6, 0.4]]}"#,
                                  body: "body.tex", in: dir, extra: ["--window", "1"])
        let readme = try String(contentsOf: AttnvizProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```latex\n").dropFirst().first?.components(separatedBy: "```").first,
                                 "README has no latex block")
        let document = block.split(separator: "\n").map { $0.drop { $0 == " " } }
            .map { $0.hasPrefix("% ...") ? "\\input{body}" : String($0) }.joined(separator: "\n")
        #expect(document.contains("\\input{body}") && document.contains("\\usepackage{xeCJK}"), "\(document)")
        let (text, page) = try Self.compile("xelatex", document: document, body: body, in: dir)
        let glyphs = text.filter { !$0.isWhitespace }
        #expect(glyphs.contains("武汉市长江大桥"), "\(text)")
        #expect(Self.hasPureRed(page))
    }
}
