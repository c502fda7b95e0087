import Foundation
import Testing

/// The independent tools the render and text tests cross-check with (poppler rasterises and extracts our
/// PDFs, pdflatex compiles our LaTeX), looked up under TestSupport's `RequiredTool` policy: a
/// missing one fails under `make test` and is a named skip under a bare `swift test`.
public enum RenderTools {
    public static func pdftoppm(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try RequiredTool.require(
            RequiredTool.onPath("pdftoppm"), "pdftoppm", why: "rasterises our PDFs independently of Cairo",
            install: "apt-get install poppler-utils, or brew install poppler", sourceLocation: sourceLocation)
    }

    public static func pdftotext(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try RequiredTool.require(
            RequiredTool.onPath("pdftotext"), "pdftotext", why: "reads the text back out of the PDF pdflatex made",
            install: "apt-get install poppler-utils, or brew install poppler", sourceLocation: sourceLocation)
    }

    public static func pdflatex(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try RequiredTool.require(
            RequiredTool.onPath("pdflatex") ?? RequiredTool.firstExecutable(["/Library/TeX/texbin/pdflatex"]),
            "pdflatex", why: "compiles the .tex text heat",
            install: "apt-get install texlive-latex-base texlive-latex-recommended lmodern, or brew install --cask basictex",
            sourceLocation: sourceLocation)
    }

    /// Runs `tool` with a deadline (BoundedProcess's default).
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) throws -> BoundedProcess.Result {
        try BoundedProcess.run(tool, arguments)
    }

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
