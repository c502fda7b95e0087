import Foundation
import Testing
import Attention
@testable import AttentionFormats

@Suite struct TextFormatTests {
    @Test(arguments: ["gperes.json", "gperes_ascii_escaped.json", "gperes.csv", "gperes.tsv"])
    func readsTheNotesExampleInTheNotesOrder(_ name: String) throws {
        let data = try AttentionFile.read(path: Fixtures.path(name))
        #expect(data.queryTokens == SeedExample.tokens)
        #expect(data.keyTokens == SeedExample.tokens)
        #expect(try data.tensor.matrix(layer: 0, head: 0) == SeedExample.matrix)
    }

    @Test func dictOfDictsKeepsFileOrderNotSortedOrder() throws {
        // Keys in an order that neither sorting nor hashing would produce.
        let text = #"{"z": {"z": 1, "b": 2, "m": 3}, "b": {"z": 4, "b": 5, "m": 6}, "m": {"m": 9, "z": 7, "b": 8}}"#
        let data = try JSONAttention.data(from: JSONParser.parse(text), path: "x.json")
        #expect(data.queryTokens == ["z", "b", "m"])
        #expect(data.keyTokens == ["z", "b", "m"])
        // The third row lists its keys in another order and is aligned by name.
        #expect(data.tensor.flat == [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test func readsNestedArrays() throws {
        let data = try AttentionFile.read(path: Fixtures.path("nested.json"))
        #expect(data.tensor.shape == Fixtures.baseShape)
        #expect(data.tensor.flat == (try Fixtures.expected("f8")))
        #expect(data.queryTokens == nil)
    }

    @Test func readsDocumentWithSeparateQueryAndKeyTokens() throws {
        let data = try AttentionFile.read(path: Fixtures.path("document.json"))
        #expect(data.tensor.flat == (try Fixtures.expected("f8")))
        #expect(data.queryTokens == ["a", "b", "c", "d"])
        #expect(data.keyTokens == ["a", "b", "c", "d", "e"])
    }

    @Test func readsQuotedCSVCells() throws {
        let data = try AttentionFile.read(path: Fixtures.path("quoted.csv"))
        #expect(data.queryTokens == ["say \"hi\"", "a,b"])
        #expect(data.keyTokens == ["say \"hi\"", "a,b"])
        #expect(data.tensor.flat == [0.5, 0.5, 0.25, 0.75])
    }

    @Test func documentRoundTripsHostileTokens() throws {
        let tokens: Tokens = ["</script>", "\"q\"", "back\\slash", "new\nline", "武"]
        let tensor = try AttentionTensor(shape: [5, 5], values: (0..<25).map { Float($0) / 7 })
        let data = try AttentionData(tensor: tensor, queryTokens: tokens, keyTokens: tokens)
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("doc.json").path
        try JSONDocument.write(data, to: out)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!text.contains("</script>"))
        let back = try AttentionFile.read(path: out)
        #expect(back.queryTokens == tokens)
        #expect(back.tensor.flat == tensor.flat)
        // Python's json agrees on tokens and values.
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect(object?["tokens"] as? [String] == tokens.strings)
        let rows = object?["attention"] as? [[NSNumber]]
        #expect(rows?[3].map { Float($0.doubleValue) } == Array(tensor.flat[15..<20]))
    }

    @Test func parserHandlesEscapesNumbersAndPythonSpecials() throws {
        let value = try JSONParser.parse(#"[1e-3, -0.5, 2E+2, NaN, Infinity, -Infinity, "\u6b66\ud83d\ude00\n\"", true, null]"#)
        let elements = try #require(value.arrayElements)
        #expect(elements[0] == .number(0.001))
        #expect(elements[1] == .number(-0.5))
        #expect(elements[2] == .number(200))
        #expect(elements[3].number?.isNaN == true)
        #expect(elements[4] == .number(.infinity))
        #expect(elements[5] == .number(-.infinity))
        #expect(elements[6] == .string("武😀\n\""))
        #expect(elements[7] == .bool(true))
        #expect(elements[8] == .null)
        for bad in ["[1,]", "{\"a\" 1}", "[01]", "\"abc", "[1] x", String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "[\"\\ud800\"]", "-"] {
            #expect(throws: JSONParser.SyntaxError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }

    @Test func readsExcelStyleCSVWithByteOrderMarkAndCRLF() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("excel.csv").path
        try Data([0xEF, 0xBB, 0xBF] + Array("\"\",武,汉\r\n武,0.25,0.75\r\n汉,\"0.5\",0.5\r\n".utf8)).write(to: URL(fileURLWithPath: path))
        let data = try AttentionFile.read(path: path)
        #expect(data.queryTokens == ["武", "汉"])
        #expect(data.keyTokens == ["武", "汉"])
        #expect(data.tensor.flat == [0.25, 0.75, 0.5, 0.5])
        // Without the extension the content is still recognised as CSV.
        let bare = dir.appendingPathComponent("excel").path
        try FileManager.default.copyItem(atPath: path, toPath: bare)
        #expect(try AttentionFileFormat.detect(path: bare) == .csv)
    }

    @Test func jsonWithByteOrderMarkParses() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("bom.json").path
        try Data([0xEF, 0xBB, 0xBF] + Array("[[1, 0], [0, 1]]".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try AttentionFile.read(path: path).tensor.flat == [1, 0, 0, 1])
    }
}
