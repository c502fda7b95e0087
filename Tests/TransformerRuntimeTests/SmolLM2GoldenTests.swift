import AttentionFormats
import Foundation
import Testing
import TestSupport
@testable import TransformerRuntime

/// The real SmolLM2-135M-Instruct Q4_1 GGUF (scripts/fetch-model smollm2) run by attnviz against
/// transformers' own GGUF loader with eager attention (scripts/fixtures/make_smollm2_goldens.py):
/// identical token ids on English, Chinese, indented code, emoji and accents, and a 1,000-token
/// text; every kept attention weight (layers 0 and 29 whole for short inputs; four rows of every
/// head of those layers for the long text) within rtol·|torch| + atol (`GoldenTolerance.smolLM2`); and the same
/// 20 greedy tokens as transformers' `generate`.
@Suite(.serialized, .hangGuard) struct SmolLM2GoldenTests {
    struct Input: Decodable {
        var name: String
        var text: String
        var ids: [Int]
        var layers: [Int]
        var rows: [Int]
    }
    struct Generation: Decodable {
        var prompt: String
        var prompt_ids: [Int]
        var ids: [Int]
        var eos_token_id: Int
    }
    struct Goldens: Decodable {
        var inputs: [Input]
        var generate: Generation
    }

    static let goldens = Result { () throws -> Goldens in
        try JSONDecoder().decode(Goldens.self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("smollm2-goldens.json"))))
    }
    static let expected = Result { try SafetensorsFile(path: Fixtures.path("smollm2-goldens.safetensors")) }
    static let model = RequiredModel.Loaded(.smolLM2) { try TransformerModel(directory: $0) }

    @Test func configurationComesFromTheMetadata() throws {
        let config = try Self.model.get().config
        #expect(config.architecture == .llama)
        #expect(config.layers == 30 && config.heads == 9 && config.kvHeads == 3 && config.headSize == 64)
        #expect(config.hiddenSize == 576 && config.intermediateSize == 1536 && config.vocabularySize == 49152)
        #expect(config.ropeTheta == 100_000 && config.tieWordEmbeddings && config.endOfSequenceTokenId == 2)
    }

    @Test(arguments: ["english", "chinese", "code", "emoji", "long"])
    func matchesTransformers(name: String) throws {
        let model = try Self.model.get()
        let golden = try #require(try Self.goldens.get().inputs.first { $0.name == name })
        var encoding = model.tokenizer.encode(golden.text)
        if name == "long" {
            // The reference cut the text to its first 1,000 tokens.
            encoding = model.tokenizer.encoding(ids: Array(encoding.ids.prefix(1000)))
        }
        #expect(encoding.ids == golden.ids)
        let run = try model.run(encoding)
        let s = golden.ids.count
        #expect(run.attention.shape.dimensions == [30, 9, s, s])
        let expected = try Self.expected.get().floats(named: "\(name).attention")
        var got = [Float]()
        for layer in golden.layers {
            for head in 0..<9 {
                let m = try run.attention.matrix(layer: layer, head: head).values
                for row in golden.rows { got += m[(row * s)..<((row + 1) * s)] }
            }
        }
        #expect(got.count == expected.count)
        let report = GoldenTolerance.smolLM2.compare(got, expected)
        #expect(report.passes, "\(name): \(report)")
    }

    @Test func greedyGenerationMatchesTransformers() throws {
        let model = try Self.model.get()
        let golden = try Self.goldens.get().generate
        let prompt = model.tokenizer.encode(golden.prompt)
        #expect(prompt.ids == golden.prompt_ids)
        var sampler = TokenSampler(temperature: 0, seed: 0)
        let ids = try model.generate(prompt, maxNewTokens: 20, sampler: &sampler, stopAt: golden.eos_token_id)
        #expect(ids == golden.ids, "\(model.tokenizer.decode(ids).debugDescription)")
    }
}
