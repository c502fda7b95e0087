import Foundation
import Testing
import TestSupport

/// Input flags checked by what they change: `--format` overrides the extension, and
/// `--query-tokens`/`--key-tokens` label the rows and the columns (found by position in the PDF
/// with `pdftotext -bbox`).
@Suite(.hangGuard) struct InputFlagEffectTests {
    /// A CSV in a file named `.json`: by extension it is bad JSON; `--format csv` reads it.
    @Test func formatOverridesTheExtension() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("really-csv.json")
        try Data(",x,y\nx,0.5,0.5\ny,0.2,0.8\n".utf8).write(to: file)
        let byExtension = try AttnvizProcess.run(["info", file.path])
        #expect(byExtension.status == 1)
        #expect(byExtension.stderr.hasPrefix("attnviz: \(file.path): invalid JSON"), "\(byExtension.stderr)")
        let forced = try AttnvizProcess.run(["info", file.path, "--format", "csv"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout.contains("format: csv"))
        #expect(forced.stdout.contains("shape:  [2, 2]"))
        #expect(forced.stdout.contains(#"tokens: 2 (both axes): "x" "y""#))
        #expect(forced.stdout.contains("values: min 0.2, max 0.8"), "\(forced.stdout)")
        // The same through a drawing command.
        let out = dir.appendingPathComponent("h.png")
        #expect(try AttnvizProcess.run(["heatmap", file.path, "-o", out.path]).status == 1)
        #expect(try AttnvizProcess.run(["heatmap", file.path, "--format", "csv", "-o", out.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    /// Cross attention, 2 queries × 3 keys: query tokens go down the left, key tokens along the
    /// top; without the flags the labels are indices.
    @Test func queryAndKeyTokensLabelRowsAndColumns() throws {
        let pdftotext = try RequiredTool.require(RequiredTool.onPath("pdftotext"), "pdftotext", why: "locates the labels in the PDF", install: "apt-get install poppler-utils")
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("cross.json")
        try Data("[[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]".utf8).write(to: input)
        let out = dir.appendingPathComponent("cross.pdf")
        let result = try AttnvizProcess.run(["heatmap", input.path, "--query-tokens", "Qone Qtwo", "--key-tokens", "Kone Ktwo Kthree", "--no-cbar", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let words = try Self.words(pdftotext, out)
        let queries = ["Qone", "Qtwo"].compactMap { words[$0] }
        let keys = ["Kone", "Ktwo", "Kthree"].compactMap { words[$0] }
        try #require(queries.count == 2 && keys.count == 3, "labels found: \(words.keys.sorted())")
        // Keys: one line across the top, left to right. Queries: one column at the left, top to bottom.
        #expect(Set(keys.map { Int($0.minY.rounded()) }).count == 1 && keys[0].minX < keys[1].minX && keys[1].minX < keys[2].minX)
        #expect(Set(queries.map { Int($0.minX.rounded()) }).count == 1 && queries[0].minY < queries[1].minY)
        #expect(keys.allSatisfy { $0.maxY < queries[0].minY } && queries.allSatisfy { $0.maxX < keys[0].minX })
        // Without the flags: indices, none of the tokens.
        let plain = dir.appendingPathComponent("plain.pdf")
        #expect(try AttnvizProcess.run(["heatmap", input.path, "--no-cbar", "-o", plain.path]).status == 0)
        let plainWords = try Self.words(pdftotext, plain)
        #expect(!plainWords.keys.contains { $0.hasPrefix("Q") || $0.hasPrefix("K") } && plainWords["2"] != nil, "\(plainWords.keys.sorted())")
    }

    /// Each word of the PDF with its box (pdftotext -bbox).
    static func words(_ pdftotext: String, _ pdf: URL) throws -> [String: CGRect] {
        let xml = try BoundedProcess.run(pdftotext, ["-bbox", pdf.path, "-"]).stdoutText
        let pattern = try NSRegularExpression(pattern: #"<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>"#)
        var found = [String: CGRect]()
        for m in pattern.matches(in: xml, range: NSRange(xml.startIndex..., in: xml)) {
            let field = { (i: Int) in String(xml[Range(m.range(at: i), in: xml)!]) }
            let (x0, y0, x1, y1) = (Double(field(1))!, Double(field(2))!, Double(field(3))!, Double(field(4))!)
            found[field(5)] = CGRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        }
        return found
    }
}
