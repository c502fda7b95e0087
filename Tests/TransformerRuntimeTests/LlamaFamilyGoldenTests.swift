import AttentionFormats
import Foundation
import Testing
@testable import TransformerRuntime

/// Llama-family decoders against transformers' eager attention (fixtures from
/// scripts/fixtures/make_llm_goldens.py): tiny random Llama (grouped-query attention, tied
/// embeddings, transformers-4-style config), Mistral (sliding window 4) and Qwen2 (q/k/v biases,
/// one key/value head, head_dim ≠ hidden / heads, transformers-5-style `rope_parameters`), plus
/// Llama with linear, dynamic and llama3 rope scaling. Same token ids as the `tokenizers` library;
/// every attention weight within rtol·|torch| + atol of PyTorch's (`GoldenTolerance.llamaFamily`).
struct LlamaFamilyGoldenTests {
    static let goldens = Result { try DecoderGoldens("llm-tiny-goldens") }

    @Test(arguments: ["llama.english", "llama.mixed", "llama.long", "llama.long.linear", "llama.long.dynamic",
                      "llama.long.llama3", "mistral.english", "mistral.mixed", "mistral.long",
                      "qwen2.english", "qwen2.mixed", "qwen2.long"])
    func matchesTransformers(name: String) throws {
        let goldens = try Self.goldens.get()
        let golden = try #require(goldens.golden(name))
        let model = try TransformerModel(directory: try goldens.folder(for: golden))
        #expect(model.config.architecture.isLlamaFamily)
        let run = try model.run(text: golden.text)
        #expect(run.encoding.ids == golden.ids)
        let s = golden.ids.count
        #expect(run.attention.shape.dimensions == [2, 4, s, s])
        let expected = try goldens.attention.floats(named: name)
        let got = run.attention.allValues()
        #expect(got.count == expected.count)
        let report = GoldenTolerance.llamaFamily.compare(got, expected)
        #expect(report.passes, "\(name): \(report)")
    }

    @Test func configsOfEachFamilyAreRead() throws {
        let llama = try TransformerModel(directory: Fixtures.path("llama-tiny")).config
        #expect(llama.architecture == .llama)
        #expect(llama.heads == 4 && llama.kvHeads == 2 && llama.headSize == 16)
        #expect(llama.tieWordEmbeddings && !llama.attentionBias && llama.slidingWindow == nil)
        let mistral = try TransformerModel(directory: Fixtures.path("mistral-tiny")).config
        #expect(mistral.architecture == .mistral && mistral.slidingWindow == 4)
        let qwen = try TransformerModel(directory: Fixtures.path("qwen2-tiny")).config
        #expect(qwen.architecture == .qwen2 && qwen.attentionBias && !qwen.outputBias)
        #expect(qwen.kvHeads == 1 && qwen.headSize == 24 && qwen.ropeTheta == 1_000_000)
    }

    @Test func slidingWindowLeavesExactZerosBeyondIt() throws {
        let model = try TransformerModel(directory: Fixtures.path("mistral-tiny"))
        let run = try model.run(text: "Attention heads look back: some at the previous token.")
        let s = run.encoding.count
        for layer in 0..<2 {
            for head in 0..<4 {
                let m = try run.attention.matrix(layer: layer, head: head)
                for q in 0..<s {
                    for k in 0..<s where k > q || k <= q - 4 {
                        #expect(m.values[q * s + k] == 0, "layer \(layer) head \(head) [\(q), \(k)]")
                    }
                }
            }
        }
    }
}
