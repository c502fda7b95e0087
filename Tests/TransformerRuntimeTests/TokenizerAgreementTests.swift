import Foundation
import Testing
import TestSupport
@testable import TransformerRuntime

/// Token ids (and type ids and offsets) must equal Hugging Face `tokenizers` on the committed
/// corpus, for MiniLM's WordPiece and the tiny GPT-2's byte-level BPE.
@Suite(.hangGuard)  // finds MiniLM with scripts/fetch-model --cached
struct TokenizerAgreementTests {
    struct Expected {
        var ids: [Int]
        var typeIds: [Int]
        var offsets: [Range<Int>]
    }

    static func expected(_ name: String) throws -> [Expected] {
        let records = try #require(try Fixtures.json(name) as? [[String: Any]])
        return try records.map { record in
            let flat = try #require(record["offsets"] as? [Int])
            return Expected(
                ids: try #require(record["ids"] as? [Int]),
                typeIds: try #require(record["type_ids"] as? [Int]),
                offsets: stride(from: 0, to: flat.count, by: 2).map { flat[$0]..<flat[$0 + 1] })
        }
    }

    func check(tokenizer: Tokenizer, goldens: String) throws {
        let lines = try Fixtures.corpus()
        let expected = try Self.expected(goldens)
        #expect(lines.count == expected.count)
        #expect(lines.count >= 300)
        var idMismatches = 0
        var offsetMismatches = 0
        for (line, want) in zip(lines, expected) {
            let got = tokenizer.encode(line)
            if got.ids != want.ids {
                idMismatches += 1
                if idMismatches <= 5 { Issue.record("ids differ for \(line.debugDescription):\n got \(got.tokens)\nwant \(want.ids)\n got \(got.ids)") }
            }
            #expect(got.typeIds == want.typeIds)
            if got.offsets != want.offsets {
                offsetMismatches += 1
                if offsetMismatches <= 5 { Issue.record("offsets differ for \(line.debugDescription):\n got \(got.offsets)\nwant \(want.offsets)") }
            }
        }
        #expect(idMismatches == 0)
        #expect(offsetMismatches == 0)
    }

    @Test func wordPieceMatchesHuggingFace() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.miniLM + "/tokenizer.json")
        try check(tokenizer: tokenizer, goldens: "minilm-corpus.json")
    }

    /// A folder with only vocab.txt + tokenizer_config.json tokenises as HF's tokenizer.json does.
    @Test func vocabularyFileMatchesHuggingFace() throws {
        let tokenizer = try Tokenizer(bertVocabularyIn: Fixtures.miniLM)
        try check(tokenizer: tokenizer, goldens: "minilm-corpus.json")
        #expect(tokenizer.encode("[MASK] is [UNK]", pair: "ok").tokens == ["[CLS]", "[MASK]", "is", "[UNK]", "[SEP]", "ok", "[SEP]"])
    }

    /// A model folder without tokenizer.json runs from vocab.txt, with the same attention.
    @Test func modelFolderWithVocabularyFileOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["config.json", "vocab.txt", "tokenizer_config.json", "model.safetensors"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name),
                                                       withDestinationURL: URL(fileURLWithPath: Fixtures.miniLM + "/" + name))
        }
        let fromVocabulary = try TransformerModel(directory: folder.path).run(text: "武汉市长江大桥, café!")
        let fromJSON = try TransformerModel(directory: Fixtures.miniLM).run(text: "武汉市长江大桥, café!")
        #expect(fromVocabulary.encoding.ids == fromJSON.encoding.ids)
        #expect(fromVocabulary.attention.allValues() == fromJSON.attention.allValues())
        // A GPT-2 folder cannot fall back to vocab.txt: the error says why.
        let gpt2 = folder.appendingPathComponent("gpt2")
        try FileManager.default.createDirectory(at: gpt2, withIntermediateDirectories: true)
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.createSymbolicLink(at: gpt2.appendingPathComponent(name),
                                                       withDestinationURL: URL(fileURLWithPath: Fixtures.gpt2Tiny + "/" + name))
        }
        try "a\nb\n".write(to: gpt2.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        #expect {
            try TransformerModel(directory: gpt2.path)
        } throws: { error in
            "\(error)".contains("vocab.txt alone serves BERT-style WordPiece models, not gpt2")
        }
    }

    @Test func bpeMatchesHuggingFace() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.gpt2Tiny + "/tokenizer.json")
        try check(tokenizer: tokenizer, goldens: "gpt2-tiny-corpus.json")
    }

    /// SmolLM2's pre-tokenizer, `Sequence[Digits(individual_digits), ByteLevel]`, on the tiny BPE.
    @Test func digitsThenByteLevelMatchesTokenizers() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.path("digits-bpe/tokenizer.json"))
        #expect(tokenizer.encode("2024").tokens == ["2", "0", "2", "4"])
        try check(tokenizer: tokenizer, goldens: "digits-bpe-corpus.json")
    }
}
