import Foundation
import Testing
import TestSupport

/// README: "Vector cells (SVG/PDF) only for up to 2,500 cells". At 50 × 50 = 2,500 every cell is
/// its own filled path and no image is embedded; at 41 × 61 = 2,501 the cells are one image
/// (counted in the SVG markup and with poppler's pdfimages).
@Suite(.hangGuard) struct VectorCellLimitTests {
    static func npy(rows: Int, columns: Int, in dir: URL) throws -> URL {
        let values = (0..<(rows * columns)).map { Float(($0 * 7) % 13) / 13 }
        let url = dir.appendingPathComponent("m\(rows)x\(columns).npy")
        try Data(BadInputTests.npy(shape: "(\(rows), \(columns))", data: BadInputTests.floats(values))).write(to: url)
        return url
    }

    static let bare = ["--no-cbar", "--xticklabels", "none", "--yticklabels", "none"]

    @Test(arguments: [(50, 50, true), (41, 61, false)])
    func svgCellsAreVectorUpToTheLimit(rows: Int, columns: Int, vector: Bool) throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cells.svg")
        let result = try AttnvizProcess.run(["heatmap", try Self.npy(rows: rows, columns: columns, in: dir).path, "-o", out.path] + Self.bare)
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        let images = svg.components(separatedBy: "<image").count - 1
        let fills = svg.components(separatedBy: "fill:rgb(").count - 1
        if vector {
            #expect(images == 0)
            #expect(fills >= rows * columns && fills <= rows * columns + 4, "\(fills) filled paths for \(rows * columns) cells")
        } else {
            #expect(images == 1)
            #expect(fills < 10, "\(fills) filled paths")
        }
    }

    @Test(arguments: [(50, 50, 0), (41, 61, 1)])
    func pdfEmbedsAnImageOnlyPastTheLimit(rows: Int, columns: Int, images: Int) throws {
        let pdfimages = try RequiredTool.require(RequiredTool.onPath("pdfimages"), "pdfimages", why: "counts the images a PDF embeds", install: "apt-get install poppler-utils")
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("cells.pdf")
        let result = try AttnvizProcess.run(["heatmap", try Self.npy(rows: rows, columns: columns, in: dir).path, "-o", out.path] + Self.bare)
        #expect(result.status == 0, "\(result.stderr)")
        let list = try BoundedProcess.run(pdfimages, ["-list", out.path])
        #expect(list.status == 0, "\(list.stderr)")
        // Two header lines, then one line per image.
        let lines = list.stdoutText.split(separator: "\n").dropFirst(2)
        #expect(lines.count == images, "\(list.stdoutText)")
    }
}
