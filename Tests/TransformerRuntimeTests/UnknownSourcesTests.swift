import Testing
@testable import TransformerRuntime

/// `Tokenizer.unknownSources`: the input behind each `[UNK]`, as Hugging Face `tokenizers`
/// places it. The expected offsets were printed by `tokenizers` 0.x for MiniLM's tokenizer.json:
/// "I like 🙂 pizza" gives `[UNK]` at (7, 8); "abc🙂def ok" / "x 😀 y" gives `[UNK]` at (0, 7) of
/// the first text (WordPiece gives up on the whole word) and (2, 3) of the second.
@Suite struct UnknownSourcesTests {
    @Test func anEmojiNamesItself() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.miniLM + "/tokenizer.json")
        let text = "I like 🙂 pizza"
        let e = tokenizer.encode(text)
        #expect(e.tokens == ["[CLS]", "i", "like", "[UNK]", "pizza", "[SEP]"])
        #expect(tokenizer.unknownSources(e, text: text) == ["", "", "", "🙂", "", ""])
    }

    @Test func aWholeWordAndTheSecondTextOfAPair() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.miniLM + "/tokenizer.json")
        let (text, pair) = ("abc🙂def ok", "x 😀 y")
        let e = tokenizer.encode(text, pair: pair)
        #expect(e.tokens == ["[CLS]", "[UNK]", "ok", "[SEP]", "x", "[UNK]", "y", "[SEP]"])
        #expect(tokenizer.unknownSources(e, text: text, pair: pair) == ["", "abc🙂def", "", "", "", "😀", "", ""])
    }

    @Test func knownTextAndGeneratedTokensHaveNoSource() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.miniLM + "/tokenizer.json")
        let e = tokenizer.encode("plain words")
        #expect(tokenizer.unknownSources(e, text: "plain words").allSatisfy { $0.isEmpty })
        // Tokens without offsets (generated ones) never point into the text.
        let generated = tokenizer.encoding(ids: [100, 2000])
        #expect(tokenizer.unknownSources(generated, text: "plain words") == ["", ""])
    }
}
