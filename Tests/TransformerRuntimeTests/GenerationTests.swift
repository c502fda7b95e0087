import Foundation
import Testing
@testable import TransformerRuntime

/// Generation with the KV cache against transformers' greedy `generate` on the tiny Llama,
/// Mistral (the window slides over the generated tokens), Qwen2, Qwen3, Phi-3 and Gemma 2 models
/// (scripts/fixtures/make_llm_goldens.py, make_llm_family_goldens.py), seeded sampling, and
/// decoding ids back to text.
struct GenerationTests {
    struct Golden: Decodable {
        var model: String
        var prompt: String
        var prompt_ids: [Int]
        var ids: [Int]
    }

    /// The greedy `generate` goldens of make_llm_goldens.py and make_llm_family_goldens.py.
    static let goldens = Result { () throws -> [Golden] in
        try ["llm-tiny-generate.json", "llm-family-generate.json"].flatMap { name in
            try JSONDecoder().decode([Golden].self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
        }
    }

    @Test(arguments: ["llama-tiny", "mistral-tiny", "qwen2-tiny", "qwen3-tiny", "phi3-tiny", "gemma2-tiny"])
    func greedyTokensMatchTransformers(model name: String) throws {
        let model = try TransformerModel(directory: Fixtures.path(name))
        let cases = try Self.goldens.get().filter { $0.model == name }
        #expect(cases.count == 2)
        for golden in cases {
            let prompt = model.tokenizer.encode(golden.prompt)
            #expect(prompt.ids == golden.prompt_ids)
            var sampler = TokenSampler(temperature: 0, seed: 0)
            var streamed = [Int]()
            let ids = try model.generate(prompt, maxNewTokens: 12, sampler: &sampler, stopAt: 0) { streamed.append($0) }
            #expect(ids == golden.ids, "\(name) after \(golden.prompt.debugDescription)")
            #expect(Array(ids.dropFirst(prompt.count)) == streamed)
        }
    }

    @Test func cachedStepsPredictWhatAFullForwardPredicts() throws {
        // The hidden state of the last token after cached steps equals the one a full pass over
        // the same ids computes, so the logits (and the attention written afterwards) agree.
        let model = try TransformerModel(directory: Fixtures.path("mistral-tiny"))
        guard case .llama(let decoder) = model.network else { Issue.record("not a Llama decoder"); return }
        var sampler = TokenSampler(temperature: 0, seed: 0)
        let ids = try model.generate(model.tokenizer.encode("Attention maps"), maxNewTokens: 9, sampler: &sampler)
        var cache: KVCache? = KVCache(layers: 2, width: 2 * 16, capacity: ids.count)
        var scratch = ForwardCapture(layers: 2, heads: 4, sequence: ids.count - 1, headSize: 16, queryKey: false, keepsEveryLayer: false)
        _ = decoder.forward(ids: Array(ids.dropLast()), capture: &scratch, cache: &cache, progress: nil)
        guard var filled = cache else { return }
        let stepped = decoder.step(token: ids[ids.count - 1], position: ids.count - 1, cache: &filled,
                                   rope: RotaryEmbedding(config: model.config, sequence: ids.count))
        var full: KVCache? = nil
        var capture = ForwardCapture(layers: 2, heads: 4, sequence: ids.count, headSize: 16, queryKey: false)
        let whole = decoder.forward(ids: ids, capture: &capture, cache: &full, progress: nil)
        let difference = zip(stepped, whole).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference < 1e-4, "max |step - full| = \(difference)")
    }

    @Test func samplingWithASeedRepeats() throws {
        let model = try TransformerModel(directory: Fixtures.path("llama-tiny"))
        let prompt = model.tokenizer.encode("The tiny model")
        func sample(_ seed: UInt64) throws -> [Int] {
            var sampler = TokenSampler(temperature: 1.5, seed: seed)
            return try model.generate(prompt, maxNewTokens: 16, sampler: &sampler)
        }
        #expect(try sample(7) == sample(7))
        #expect(try sample(7) != sample(8))
        var greedy = TokenSampler(temperature: 0, seed: 0)
        #expect(try sample(7) != model.generate(prompt, maxNewTokens: 16, sampler: &greedy))
    }

    @Test func generationRefusesEncoders() throws {
        let model = try TransformerModel(directory: Fixtures.path("roberta-tiny"))
        var sampler = TokenSampler(temperature: 0, seed: 0)
        #expect(throws: RuntimeError.self) { try model.generate(model.tokenizer.encode("hi"), maxNewTokens: 2, sampler: &sampler) }
    }

    @Test func decodingTheCorpusGivesItBack() throws {
        let tokenizer = try Tokenizer(contentsOf: Fixtures.path("digits-bpe/tokenizer.json"))
        for line in try Fixtures.corpus() {
            #expect(tokenizer.decode(tokenizer.encode(line).ids) == line)
        }
        let e = tokenizer.encode("the café 2024")
        #expect(e.ids.map { tokenizer.token(for: $0) } == e.tokens)
        #expect(tokenizer.token(for: 1 << 20) == nil)
    }
}
