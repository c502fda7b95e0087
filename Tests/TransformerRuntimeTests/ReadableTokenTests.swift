import Testing
@testable import TransformerRuntime

/// Byte-level tokens read as the text they decode to, in context: the note's 武汉市长江大桥 and an
/// emoji split over several tokens show their whole characters, marked partial with `…` on the
/// cut side, never raw `æŃ`-style symbols.
struct ReadableTokenTests {
    @Test func splitCharactersReadWholeAndMarkedPartial() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.path("gpt2-tiny/tokenizer.json"))
        let e = tokenizer.encode("武汉市长江大桥 😀 café")
        #expect(e.displayTokens == ["武", "汉市…", "…市…", "…市", "长江", "大…", "…大", "桥…", "…桥", " ", "😀…", "…😀…", "…😀…", "…😀", " ca", "fé"])
        // The raw vocabulary strings are byte symbols.
        #expect(e.tokens[1] != e.displayTokens[1])
        #expect(tokenizer.encoding(ids: e.ids).displayTokens == e.displayTokens)
    }

    @Test func bytesThatAreNotUTF8ShowAsHex() {
        // 0xE6 0xAD is the start of 武 with nothing after it; 0xFF is never UTF-8.
        let symbols = [[0xE6, 0xAD], [0x41], [0xFF]].map { String(String.UnicodeScalarView($0.map { BPEModel.byteToScalar[$0] })) }
        #expect(BPEModel.readable(symbols) == ["<e6 ad>", "A", "<ff>"])
        #expect(BPEModel.readable(["Ġquick", "<|endoftext|>"]) == [" quick", "<|endoftext|>"])
    }
}
