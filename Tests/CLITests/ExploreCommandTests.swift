import Attention
import Foundation
import Testing
import TestSupport

@Suite(.hangGuard) struct ExploreCommandTests {
    static func seedFile(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("gperes.json").path
        try SeedExample.gperesJSON.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The payload JSON inlined in a page.
    static func payload(_ html: String) throws -> [String: Any] {
        let start = try #require(html.range(of: #"<script id="attnviz-data" type="application/json">"#))
        let end = try #require(html[start.upperBound...].range(of: "</script>"))
        return try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
    }

    @Test func writesASelfContainedPageForTheNotesExample() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("out/page.html").path
        let result = try AttnvizProcess.run(["explore", try Self.seedFile(in: dir), "-o", page])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 layers x 1 heads x 7 x 7, u8"))
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let json = try Self.payload(html)
        #expect(json["shape"] as? [Int] == [1, 1, 7, 7])
        #expect(json["queryTokens"] as? [String] == SeedExample.tokens.strings)
        #expect(json["precision"] as? String == "u8")
        #expect(json["title"] as? String == "gperes.json")
        // The SVG namespace its Save SVG writes into the exported file is a name, never fetched.
        let loadable = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!loadable.contains("http://") && !loadable.contains("https://") && !loadable.contains("src="))
    }

    @Test func precisionAndSplitReachThePayload() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("page.html").path
        let result = try AttnvizProcess.run(["explore", try Self.seedFile(in: dir), "-o", page, "--precision", "f16", "--split", "3", "--title", "pair"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try Self.payload(try String(contentsOfFile: page, encoding: .utf8))
        #expect(json["precision"] as? String == "f16")
        #expect(json["pairSplit"] as? Int == 3)
        #expect(json["title"] as? String == "pair")
    }

    @Test func badSplitIsOneLineErrorAndNoFile() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.seedFile(in: dir)
        let page = dir.appendingPathComponent("page.html").path
        let result = try AttnvizProcess.run(["explore", input, "-o", page, "--split", "9"])
        #expect(result.status == 1)
        #expect(result.stderr == "attnviz: \(input): split 9 must lie between 1 and 6 so both sentences have tokens\n")
        #expect(!FileManager.default.fileExists(atPath: page))
        let precision = try AttnvizProcess.run(["explore", input, "-o", page, "--precision", "f8"])
        #expect(precision.status != 0)
        #expect(!FileManager.default.fileExists(atPath: page))
    }

    @Test func missingInputNamesTheFile() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nope.npy").path
        let result = try AttnvizProcess.run(["explore", missing, "-o", dir.appendingPathComponent("p.html").path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("attnviz: \(missing): "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
