import Foundation
import Testing
@testable import TransformerRuntime

/// Generation with the KV cache on the tiny Qwen3, Phi-3 and Gemma 2 models against transformers'
/// greedy `generate` (scripts/fixtures/make_llm_family_goldens.py): the cached step must apply
/// each family's switches (q/k norms, partial rotary, sandwich norms, soft caps, per-layer windows)
/// exactly as the full forward pass does.
struct NewerDecoderGenerationTests {
    struct Golden: Decodable {
        var model: String
        var prompt: String
        var prompt_ids: [Int]
        var ids: [Int]
    }

    static let goldens = Result { () throws -> [Golden] in
        try JSONDecoder().decode([Golden].self, from: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("llm-family-generate.json"))))
    }

    @Test(arguments: ["qwen3-tiny", "phi3-tiny", "gemma2-tiny"])
    func greedyTokensMatchTransformers(model name: String) throws {
        let model = try TransformerModel(directory: Fixtures.path(name))
        let cases = try Self.goldens.get().filter { $0.model == name }
        #expect(cases.count == 2)
        for golden in cases {
            let prompt = model.tokenizer.encode(golden.prompt)
            #expect(prompt.ids == golden.prompt_ids)
            var sampler = TokenSampler(temperature: 0, seed: 0)
            let ids = try model.generate(prompt, maxNewTokens: 12, sampler: &sampler, stopAt: 0)
            #expect(ids == golden.ids, "\(name) after \(golden.prompt.debugDescription)")
        }
    }

    /// The last token's hidden state after cached steps equals a full pass's, past the sliding
    /// windows (Phi-3: 6, Gemma 2's layer 0: 4).
    @Test(arguments: ["qwen3-tiny", "phi3-tiny", "gemma2-tiny"])
    func cachedStepsEqualAFullForward(model name: String) throws {
        let model = try TransformerModel(directory: Fixtures.path(name))
        guard case .llama(let decoder) = model.network else { Issue.record("not a Llama-family decoder"); return }
        let config = model.config
        var sampler = TokenSampler(temperature: 0, seed: 0)
        let ids = try model.generate(model.tokenizer.encode("Attention maps"), maxNewTokens: 9, sampler: &sampler)
        #expect(ids.count > 10)
        let width = config.kvHeads * config.headSize
        var cache: KVCache? = KVCache(layers: config.layers, width: width, capacity: ids.count)
        var scratch = ForwardCapture(layers: config.layers, heads: config.heads, sequence: ids.count - 1,
                                     headSize: config.headSize, queryKey: false, keepsEveryLayer: false)
        _ = decoder.forward(ids: Array(ids.dropLast()), capture: &scratch, cache: &cache, progress: nil)
        var filled = try #require(cache)
        let stepped = decoder.step(token: ids[ids.count - 1], position: ids.count - 1, cache: &filled,
                                   rope: RotaryEmbedding(config: config, sequence: ids.count))
        var none: KVCache? = nil
        var capture = ForwardCapture(layers: config.layers, heads: config.heads, sequence: ids.count,
                                     headSize: config.headSize, queryKey: false)
        let whole = decoder.forward(ids: ids, capture: &capture, cache: &none, progress: nil)
        let scale = whole.map { abs($0) }.max() ?? 1
        let difference = zip(stepped, whole).map { abs($0 - $1) }.max() ?? .infinity
        #expect(difference <= 1e-5 * scale, "\(name): max |step - full| = \(difference) (values up to \(scale))")
    }
}
