import AttentionFormats
import Foundation
import Testing
@testable import TransformerRuntime

/// The other encoder weight layouts against PyTorch: a tiny random RoBERTa (byte-level BPE,
/// `RobertaProcessing`, positions counted past the padding id, `roberta.` names) and a tiny
/// random DistilBERT (WordPiece, `q_lin`/`k_lin`/`ffn.lin1` names, no token types), both made by
/// scripts/fixtures/make_runtime_goldens.py; every attention weight within rtol·|torch| + atol
/// (`GoldenTolerance.encoders`).
struct EncoderFamilyGoldenTests {
    static let goldens = Result { try ModelGoldenTests.goldens("encoders-tiny-goldens.json") }
    static let expected = Result { try SafetensorsFile(path: Fixtures.path("encoders-tiny-goldens.safetensors")) }

    @Test(arguments: ["roberta", "distilbert"])
    func configIsRead(family: String) throws {
        let model = try TransformerModel(directory: Fixtures.path("\(family)-tiny"))
        #expect(model.config.architecture == (family == "roberta" ? .roberta : .distilbert))
        #expect(model.config.layers == 2)
        #expect(model.config.heads == 4)
        #expect(model.config.headSize == 16)
        // From the fixture's config.json: RoBERTa's positions start after the padding id, so
        // 66 position rows (pad id 1) hold 66 - 1 - 1 = 64 tokens; DistilBERT's 64 rows hold 64.
        let config = try #require(try Fixtures.json("\(family)-tiny/config.json") as? [String: Any])
        let positions = try #require(config["max_position_embeddings"] as? Int)
        if family == "roberta" {
            let pad = try #require(config["pad_token_id"] as? Int)
            #expect(positions == 66 && pad == 1, "the fixture this test describes")
            #expect(model.maxTokens == positions - pad - 1)
        } else {
            #expect(positions == 64)
            #expect(model.maxTokens == positions)
        }
    }

    @Test(arguments: ["roberta.english", "roberta.mixed", "roberta.pair",
                      "distilbert.english", "distilbert.mixed", "distilbert.pair"])
    func matchesPyTorch(name: String) throws {
        let family = String(name.split(separator: ".")[0])
        let model = try TransformerModel(directory: Fixtures.path("\(family)-tiny"))
        let golden = try #require(try Self.goldens.get().first { $0.name == name })
        let run = try model.run(text: golden.text, pair: golden.pair)
        #expect(run.encoding.ids == golden.ids)
        #expect(run.encoding.tokens == golden.tokens)
        let s = golden.ids.count
        #expect(run.attention.shape.dimensions == [2, 4, s, s])
        let expected = try Self.expected.get().floats(named: "\(name).attention")
        let report = GoldenTolerance.encoders.compare(run.attention.allValues(), expected)
        #expect(report.passes, "\(name): \(report)")
    }

    @Test func robertaRefusesTextsPastItsPositions() throws {
        let model = try TransformerModel(directory: Fixtures.path("roberta-tiny"))
        let long = Array(repeating: "attention", count: 200).joined(separator: " ")
        #expect(throws: RuntimeError.self) { try model.encode(long, truncate: false) }
        let cut = try model.encode(long)
        #expect(cut.count == 64)
        _ = try model.run(cut)   // the last position (1 + 64 = 65) is inside the 66-row table
    }
}
