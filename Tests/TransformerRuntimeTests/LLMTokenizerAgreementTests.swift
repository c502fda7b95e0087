import Foundation
import Testing
@testable import TransformerRuntime

/// The tokenizer shapes today's LLMs ship (scripts/fixtures/make_llm_tokenizers.py, trained with
/// the `tokenizers` library on the mixed corpus): ids, type ids and offsets equal that library's
/// on every corpus line, and the display strings read as text.
struct LLMTokenizerAgreementTests {
    static func tokenizer(_ name: String) throws -> Tokenizer {
        try Tokenizer(contentsOf: Fixtures.path(name + "/tokenizer.json"))
    }

    /// Llama 3: Split on its pattern, byte level, ignore_merges, Sequence[ByteLevel, Template].
    @Test func llama3SplitMatchesTokenizers() throws {
        let tokenizer = try Self.tokenizer("llama3-bpe")
        // Numbers in runs of at most three digits; one leading non-letter joins a word.
        #expect(tokenizer.encode("12345").tokens.dropFirst() == ["123", "45"])
        try TokenizerAgreementTests().check(tokenizer: tokenizer, goldens: "llama3-bpe-corpus.json")
    }

    /// Qwen2: NFC, then the same pattern with one digit at a time.
    @Test func qwen2SplitMatchesTokenizers() throws {
        let tokenizer = try Self.tokenizer("qwen2-bpe")
        #expect(tokenizer.encode("2024").tokens.dropFirst() == ["2", "0", "2", "4"])
        try TokenizerAgreementTests().check(tokenizer: tokenizer, goldens: "qwen2-bpe-corpus.json")
    }

    /// Llama 2 / Mistral: Prepend("▁") + Replace(" ", "▁") normalisers, character BPE with byte
    /// fallback (the small alphabet sends CJK and emoji to `<0x..>` tokens).
    @Test func sentencePieceBPEMatchesTokenizers() throws {
        let tokenizer = try Self.tokenizer("spm-bpe")
        try TokenizerAgreementTests().check(tokenizer: tokenizer, goldens: "spm-bpe-corpus.json")
    }

    /// The same model behind the newer Metaspace pre-tokenizer (prepend_scheme first).
    @Test func metaspaceBPEMatchesTokenizers() throws {
        let tokenizer = try Self.tokenizer("metaspace-bpe")
        try TokenizerAgreementTests().check(tokenizer: tokenizer, goldens: "metaspace-bpe-corpus.json")
    }

    /// Gemma: Replace(" ", "▁") without a prefix, then Split(" ", MergedWithPrevious).
    @Test func gemmaShapeMatchesTokenizers() throws {
        let tokenizer = try Self.tokenizer("gemma-bpe")
        try TokenizerAgreementTests().check(tokenizer: tokenizer, goldens: "gemma-bpe-corpus.json")
    }

    /// Byte-fallback tokens read as the characters they spell: 武 as three `<0x..>` tokens shows
    /// `武…`, `…武…`, `…武`; `▁` shows as a space; decoding gives the text back.
    @Test func byteFallbackTokensReadAsText() throws {
        let tokenizer = try Self.tokenizer("spm-bpe")
        let e = tokenizer.encode("武 ok")
        #expect(e.tokens.prefix(5) == ["<s>", "▁", "<0xE6>", "<0xAD>", "<0xA6>"])
        #expect(e.displayTokens.prefix(5) == ["<s>", " ", "武…", "…武…", "…武"])
        #expect(tokenizer.decode(Array(e.ids.dropFirst())) == " 武 ok")
    }
}

/// Multi-line texts (newline runs, CR LF, spaces before newlines, tabs, decomposed accents), which
/// the one-line-per-entry corpus cannot hold, against the `tokenizers` library.
struct LLMTokenizerMultilineTests {
    @Test(arguments: ["llama3-bpe", "qwen2-bpe", "spm-bpe", "metaspace-bpe", "gemma-bpe"])
    func multilineTextsMatchTokenizers(name: String) throws {
        let extras = try #require(try Fixtures.json("llm-tokenizer-extras.json") as? [String: Any])
        let texts = try #require(extras["texts"] as? [String])
        let expected = try #require(extras[name] as? [[Int]])
        #expect(texts.count == expected.count && texts.count >= 6)
        let tokenizer = try LLMTokenizerAgreementTests.tokenizer(name)
        for (text, ids) in zip(texts, expected) {
            let got = tokenizer.encode(text)
            #expect(got.ids == ids, "\(name) on \(text.debugDescription): got \(got.tokens)")
        }
    }
}

extension LLMTokenizerMultilineTests {
    /// The pre-tokenizer's pieces themselves (as offsets) equal the library's `pre_tokenize_str`
    /// (which, like this, skips the normalizer).
    @Test(arguments: ["llama3-bpe", "qwen2-bpe", "metaspace-bpe", "gemma-bpe"])
    func preTokenizerPiecesMatchTokenizers(name: String) throws {
        let extras = try #require(try Fixtures.json("llm-tokenizer-extras.json") as? [String: Any])
        let texts = try #require(extras["texts"] as? [String])
        let expected = try #require(extras[name + ".pieces"] as? [[[Int]]])
        let tokenizer = try LLMTokenizerAgreementTests.tokenizer(name)
        let preTokenizer = try #require(tokenizer.preTokenizer)
        for (text, pieces) in zip(texts, expected) {
            let got = preTokenizer.split(NormalizedText(text)).map { piece -> [Int] in
                let range = piece.originalRange(of: 0..<piece.count)
                return [range.lowerBound, range.upperBound]
            }
            #expect(got == pieces, "\(name) on \(text.debugDescription)")
        }
    }
}

/// Llama 3's and Qwen2's vocabularies stored as GGUF tokenizer metadata (`tokenizer.ggml.pre`
/// `llama-bpe` and `qwen2`, written by gguf-py), and a Llama 2-style SentencePiece one (scores, no
/// merges), tokenize the corpus and the multi-line texts as transformers' own GGUF tokenizer
/// loader does (for Qwen2 that is without the NFC a GGUF cannot carry).
struct GGUFTokenizerAgreementTests {
    @Test(arguments: ["llama3-bpe", "qwen2-bpe", "spm-bpe"])
    func ggufTokenizerMatchesTransformers(name: String) throws {
        let file = try GGUFFile(path: Fixtures.path(name + ".gguf"))
        let tokenizer = try Tokenizer(json: GGUFModelMetadata.tokenizer(of: file), path: file.path)
        let records = try #require(try Fixtures.json(name + "-gguf-corpus.json") as? [[String: Any]])
        let extras = try #require(try Fixtures.json("llm-tokenizer-extras.json") as? [String: Any])
        let lines = try Fixtures.corpus() + (extras["texts"] as? [String] ?? [])
        let expected = records.map { $0["ids"] as? [Int] ?? [] }
        #expect(lines.count == expected.count && lines.count > 300)
        var mismatches = 0
        for (line, want) in zip(lines, expected) where tokenizer.encode(line).ids != want {
            mismatches += 1
            if mismatches <= 3 { Issue.record("\(name).gguf on \(line.debugDescription): got \(tokenizer.encode(line).tokens)") }
        }
        #expect(mismatches == 0)
    }
}
