import AttentionFormats
import Foundation
import Testing
@testable import TransformerRuntime

/// Qwen3, Phi-3 and Gemma 2 against transformers' eager attention on tiny random models
/// (scripts/fixtures/make_llm_family_goldens.py): Qwen3's per-head q/k RMSNorm; Phi-3's fused
/// projections, partial rotary dimensions, sliding window and LongRoPE (short and long factors,
/// attention factor); Gemma 2's (1 + w) sandwich norms, scaled embeddings, GeGLU, soft-capped
/// logits and sliding window on alternate layers. Token ids equal the `tokenizers` library's; every
/// attention weight within rtol·|torch| + atol (`GoldenTolerance.newerFamilies`), so weights far
/// below 1e-4 are checked too.
struct NewerDecoderGoldenTests {
    static let goldens = Result { try DecoderGoldens("llm-family-goldens") }

    static let cases = ["qwen3.english", "qwen3.mixed", "qwen3.long", "phi3.english", "phi3.mixed", "phi3.long",
                        "phi3.short.longrope", "phi3.long.longrope", "gemma2.english", "gemma2.mixed", "gemma2.long"]

    @Test(arguments: cases)
    func matchesTransformers(name: String) throws {
        let goldens = try Self.goldens.get()
        let golden = try #require(goldens.golden(name))
        let model = try TransformerModel(directory: try goldens.folder(for: golden))
        #expect(model.config.architecture.rawValue == String(name.prefix { $0 != "." }))
        let run = try model.run(text: golden.text)
        #expect(run.encoding.ids == golden.ids)
        let s = golden.ids.count
        #expect(run.attention.shape.dimensions == [2, 4, s, s])
        let expected = try goldens.attention.floats(named: name)
        let got = run.attention.allValues()
        try #require(got.count == expected.count)
        let report = GoldenTolerance.newerFamilies.compare(got, expected)
        #expect(report.passes, "\(name): \(report)")
    }

    /// The cases differ where the families do: a model that ignored the switch under test would
    /// fail its golden above; these pin the config reading itself.
    @Test func configsOfEachFamilyAreRead() throws {
        let qwen3 = try TransformerModel(directory: Fixtures.path("qwen3-tiny")).config
        #expect(qwen3.architecture == .qwen3 && qwen3.queryKeyNorm && qwen3.headSize == 24 && qwen3.kvHeads == 2)
        let phi3 = try TransformerModel(directory: Fixtures.path("phi3-tiny")).config
        #expect(phi3.architecture == .phi3 && phi3.rotaryDimensions == 8 && phi3.slidingWindow == 6)
        #expect(phi3.window(layer: 0) == 6 && phi3.window(layer: 1) == 6)
        let gemma2 = try TransformerModel(directory: Fixtures.path("gemma2-tiny")).config
        #expect(gemma2.architecture == .gemma2 && gemma2.normWeightOffset == 1 && gemma2.sandwichNorms)
        #expect(gemma2.window(layer: 0) == 4 && gemma2.window(layer: 1) == nil)
        #expect(gemma2.attentionSoftCap == 5 && gemma2.finalLogitSoftCap == 30 && gemma2.activation == .geluTanh)
        #expect(abs((gemma2.attentionScale ?? 0) - 1 / Float(24).squareRoot()) < 1e-7)
        #expect(abs((gemma2.embeddingScale ?? 0) - 8) < 1e-6)
    }
}
