import Foundation
import Testing
import TestSupport
@testable import TransformerRuntime

/// SmolLM2 with its matrices kept quantized in the map (`QuantizedWeights.quantized`, each layer
/// dequantized when it runs, query/key rows reordered on the fly) computes exactly what the
/// dequantized-at-load model computes, and so matches transformers as that one does; the policy
/// picks Float32 for small models and quantized ones past 2 GB.
@Suite(.serialized, .hangGuard) struct QuantizedWeightsTests {
    static let quantized = RequiredModel.Loaded(.smolLM2) { try TransformerModel(directory: $0, quantizedWeights: .quantized) }

    @Test func policyFollowsTheFloat32Size() {
        #expect(!QuantizedWeights.automatic.keepsQuantized(float32Bytes: 540_000_000))
        #expect(QuantizedWeights.automatic.keepsQuantized(float32Bytes: 4_400_000_000))
        #expect(QuantizedWeights.quantized.keepsQuantized(float32Bytes: 1))
        #expect(!QuantizedWeights.float32.keepsQuantized(float32Bytes: 1 << 40))
    }

    @Test func matricesStayQuantizedAndSmallModelsDoNot() throws {
        guard case .llama(let kept) = try Self.quantized.get().network,
              case .llama(let loaded) = try SmolLM2GoldenTests.model.get().network else {
            Issue.record("not a Llama decoder"); return
        }
        #expect(kept.layers.allSatisfy { $0.queryKeyValue.weight.isDeferred && $0.down.weight.isDeferred })
        #expect(loaded.layers.allSatisfy { !$0.queryKeyValue.weight.isDeferred && !$0.gateUp.weight.isDeferred })
    }

    /// Same ids, bit-identical attention on two inputs (English, and Chinese + emoji).
    @Test(arguments: ["The quick brown fox jumps over the lazy dog.", "武汉市长江大桥 😀 naïve café"])
    func attentionEqualsTheDequantizedModel(text: String) throws {
        let quantized = try Self.quantized.get()
        let loaded = try SmolLM2GoldenTests.model.get()
        let a = try quantized.run(text: text), b = try loaded.run(text: text)
        #expect(a.encoding.ids == b.encoding.ids)
        let x = a.attention.allValues(), y = b.attention.allValues()
        #expect(x.count == y.count && x.count == 30 * 9 * a.encoding.ids.count * a.encoding.ids.count)
        let largest = zip(x, y).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest == 0, "max |quantized - float32| = \(largest)")
    }

    /// The output head (tied to the quantized embeddings) also stays quantized: the first three
    /// greedy tokens of transformers' `generate` (each step dequantizes every matrix again, slow
    /// in a debug build).
    @Test func greedyGenerationMatchesTransformers() throws {
        let model = try Self.quantized.get()
        let golden = try SmolLM2GoldenTests.goldens.get().generate
        var sampler = TokenSampler(temperature: 0, seed: 0)
        let ids = try model.generate(model.tokenizer.encode(golden.prompt), maxNewTokens: 3, sampler: &sampler,
                                     stopAt: golden.eos_token_id)
        #expect(ids.count == golden.prompt_ids.count + 3)
        #expect(ids == Array(golden.ids.prefix(ids.count)))
    }
}
