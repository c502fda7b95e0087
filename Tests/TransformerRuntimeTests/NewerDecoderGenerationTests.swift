import Foundation
import Testing
@testable import TransformerRuntime

/// The cached generation step on the tiny Qwen3, Phi-3 and Gemma 2 models (their greedy tokens
/// against transformers are in `GenerationTests`): it must apply each family's switches (q/k
/// norms, partial rotary, sandwich norms, soft caps, per-layer windows) exactly as the full
/// forward pass does.
struct NewerDecoderGenerationTests {
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
