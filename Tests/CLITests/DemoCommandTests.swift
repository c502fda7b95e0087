import Foundation
import Testing
import TestSupport

@Suite(.hangGuard) struct DemoCommandTests {
    @Test func unknownSubcommandFailsWithUsage() throws {
        let result = try AttnvizProcess.run(["no-such-command"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Unexpected argument"))
    }

    @Test func demoWritesEveryOutputOfTheNotesExample() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try AttnvizProcess.run(["demo", "--output", dir.path], environment: ["NO_COLOR": "1", "COLUMNS": "80"])
        #expect(result.status == 0, "\(result.stderr)")
        // The terminal heatmap labels every row with the note's tokens, in the note's order.
        let rowLabels = result.stdout.split(separator: "\n").compactMap { line in
            line.first.flatMap { "武汉市长江大桥".contains($0) ? $0 : nil }
        }
        #expect(String(rowLabels) == "武汉市长江大桥")
        #expect(!result.stdout.contains("\u{1B}["), "NO_COLOR must suppress escape sequences")
        let expected = ["heatmap.png", "heatmap.svg", "heatmap.pdf", "text.html", "text.png", "explorer.html"]
        for name in expected {
            let path = dir.appendingPathComponent(name).path
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(size > 500, "\(name) missing or empty")
        }
        let page = try String(contentsOf: dir.appendingPathComponent("explorer.html"), encoding: .utf8)
        #expect(page.contains("武汉市长江大桥"))
        // The SVG namespace its Save SVG writes into the exported file is a name, never fetched.
        let loadable = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!loadable.contains("http://") && !loadable.contains("https://"), "the explorer page must be offline")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !expected.contains($0) }
        #expect(leftovers.isEmpty, "unexpected files: \(leftovers)")
    }
}
