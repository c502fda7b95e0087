import Foundation
import Testing
@testable import TransformerRuntime

/// Configurations of the newer families that attnviz cannot run faithfully are refused with one
/// line naming the file and the key, never run half-right.
struct NewerDecoderConfigErrorTests {
    static func config(_ base: String, _ changes: [String: Any]) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path(base + "/config.json")))) as? [String: Any])
        object.merge(changes) { _, new in new }
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func problem(_ base: String, _ changes: [String: Any]) throws -> String {
        do {
            _ = try ModelConfig(json: config(base, changes), path: "config.json")
            return "(accepted)"
        } catch {
            return "\(error)"
        }
    }

    @Test func refusals() throws {
        #expect(try Self.problem("qwen3-tiny", ["use_sliding_window": true]).contains("use_sliding_window is not supported for qwen3"))
        #expect(try Self.problem("phi3-tiny", ["partial_rotary_factor": 1.5]).contains("partial_rotary_factor must be in (0, 1]"))
        #expect(try Self.problem("phi3-tiny", ["partial_rotary_factor": 0.05]).contains("rotary dimensions"))
        let short = ["type": "longrope", "short_factor": [1.0, 2.0], "long_factor": [1.0, 2.0, 3.0, 4.0]] as [String: Any]
        #expect(try Self.problem("phi3-tiny", ["rope_scaling": short]).contains("needs short_factor with 4 positive numbers"))
        let yarn = ["type": "yarn", "factor": 4.0] as [String: Any]
        #expect(try Self.problem("phi3-tiny", ["rope_scaling": yarn]).contains("rope_scaling type yarn is not supported"))
        #expect(try Self.problem("gemma2-tiny", ["layer_types": ["sliding_attention"]]).contains("layer_types lists 1 layers, not 2"))
        #expect(try Self.problem("gemma2-tiny", ["attn_logit_softcapping": -1]).contains("soft-capping values must be positive"))
        #expect(try Self.problem("gemma2-tiny", ["query_pre_attn_scalar": 0]).contains("query_pre_attn_scalar must be positive"))
        for message in [try Self.problem("qwen3-tiny", ["use_sliding_window": true]), try Self.problem("gemma2-tiny", ["query_pre_attn_scalar": 0])] {
            #expect(message.hasPrefix("config.json: ") && !message.contains("\n"), "\(message)")
        }
    }

    /// Older Gemma 2 configs without `layer_types` slide on the even layers, as transformers 4 did.
    @Test func gemma2WithoutLayerTypesSlidesOnEvenLayers() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Self.config("gemma2-tiny", [:])) as? [String: Any])
        object.removeValue(forKey: "layer_types")
        let config = try ModelConfig(json: JSONSerialization.data(withJSONObject: object), path: "config.json")
        #expect(config.window(layer: 0) == 4 && config.window(layer: 1) == nil)
    }

    /// A GGUF `llama` tokenizer without scores (and without merges) cannot be rebuilt.
    @Test func sentencePieceGGUFWithoutScoresIsRefused() throws {
        var b = GGUFBuilder(tensors: 0, entries: 3)
        b.entry("general.architecture", type: 8); b.string("llama")
        b.entry("tokenizer.ggml.model", type: 8); b.string("llama")
        b.entry("tokenizer.ggml.tokens", type: 9); b.u32(8); b.u64(2); b.string("<unk>"); b.string("a")
        let file = try GGUFFile(path: b.write())
        #expect(throws: RuntimeError.self) { try GGUFModelMetadata.tokenizer(of: file) }
        do {
            _ = try GGUFModelMetadata.tokenizer(of: file)
        } catch {
            #expect("\(error)".contains("needs tokenizer.ggml.scores"), "\(error)")
        }
    }
}
