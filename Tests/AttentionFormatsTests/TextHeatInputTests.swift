import Foundation
import Testing
import Attention
@testable import AttentionFormats

/// Text heat files: the note's JSON told from its first keys, `token,weight` rows through the
/// RFC 4180 reader, each problem one `FormatError` naming the file.
@Suite struct TextHeatInputTests {
    static func write(_ text: String, _ name: String) throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func noteJSONIsToldFromItsTopLevelKeys() throws {
        #expect(TextHeatInput.isTextHeatJSON(path: try Self.write(#"{"texts": ["a b"], "weights": [[1, 2]]}"#, "a.json")))
        #expect(TextHeatInput.isTextHeatJSON(path: try Self.write(#"{"tokens": [["a"]], "labels": ["x"], "weights": [[1]]}"#, "b.json")))
        #expect(!TextHeatInput.isTextHeatJSON(path: try Self.write(#"{"tokens": ["a"], "attention": [[1]]}"#, "c.json")))
        #expect(!TextHeatInput.isTextHeatJSON(path: try Self.write(#"{"texts": {"texts": 1}, "weights": {"a": 1}, "x": {}}"#, "d.json")))
        #expect(!TextHeatInput.isTextHeatJSON(path: try Self.write("[[0.5, 0.5]]", "e.json")))
        // Texts longer than the sniffed prefix: the keys seen so far decide, the rest is never read.
        let long = #"{"texts": ["# + Array(repeating: #""w w w""#, count: 20_000).joined(separator: ",") + #"], "weights": []}"#
        #expect(long.utf8.count > TextHeatInput.sniffLength)
        #expect(TextHeatInput.isTextHeatJSON(path: try Self.write(long, "long.json")))
    }

    @Test func topLevelKeysSkipNestedValuesAndStrings() {
        let text = #"{"a": {"b": [1, "x\"}", {"c": 2}]}, "d": "e,f", "g": 3}"#
        let keys = Array(text.utf8).withUnsafeBytes { JSONTopLevelKeys.scan($0) }
        #expect(keys == ["a", "d", "g"])
        let cut = Array(text.utf8.prefix(30)).withUnsafeBytes { JSONTopLevelKeys.scan($0) }
        #expect(cut == ["a"])
    }

    @Test func readsTheNotesJSONWithTheOrderKeepingParser() throws {
        let path = try Self.write(#"{"texts": ["武 汉", "a b c"], "weights": [[0.1, 1e-1], [1, 2, 3]], "labels": ["one", null]}"#, "n.json")
        let input = try TextHeatInput.read(json: path)
        #expect(input == TextHeatExamples(tokens: [["武", "汉"], ["a", "b", "c"]], weights: [[0.1, 0.1], [1, 2, 3]], labels: ["one", nil]))
        let bad = try Self.write(#"{"texts": ["a"], "weights": [[true]]}"#, "bad.json")
        #expect(throws: FormatError.malformed(path: bad, problem: "weights[0][0] is not a number")) { try TextHeatInput.read(json: bad) }
        let broken = try Self.write(#"{"texts": ["a"], "#, "broken.json")
        let error = try #require(throws: FormatError.self) { try TextHeatInput.read(json: broken) }
        guard case .invalidJSON(broken, _) = error else {
            Issue.record("expected invalid JSON, got \(error)")
            return
        }
    }

    @Test func pairsUseTheRFC4180Reader() throws {
        let path = try Self.write("\u{FEFF}token,weight\r\n\"x, \"\"y\"\"\",0.2\r\n\"two\nlines\",0.8\r\n\r\nnext,1\r\n", "p.csv")
        #expect(TextHeatInput.looksLikePairs(path))
        let input = try TextHeatInput.read(pairs: path)
        #expect(input.tokens == [["x, \"y\"", "two\nlines"], ["next"]])
        #expect(input.weights == [[0.2, 0.8], [1]])
        let open = try Self.write("a,1\n\"b,2\n", "open.csv")
        #expect(throws: FormatError.malformed(path: open, problem: "unterminated quoted token at line 2")) { try TextHeatInput.read(pairs: open) }
    }
}
