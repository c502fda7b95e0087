import Testing
import Attention
@testable import AttentionFormats

@Suite struct JSONDictOfDictsTests {
    @Test func readsTheNotesGperesInTheNotesOrder() throws {
        let value = try JSONParser.parse(SeedExample.gperesJSON)
        let data = try JSONDictOfDicts.data(from: value, path: "gperes.json")
        #expect(data.queryTokens == SeedExample.tokens)
        #expect(data.keyTokens == SeedExample.tokens)
        #expect(try data.tensor.matrix(layer: 0, head: 0) == SeedExample.matrix)
    }
}
