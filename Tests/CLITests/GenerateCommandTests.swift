import AttentionFormats
import Foundation
import Testing
import TestSupport

/// `attnviz run --generate N` on the tiny Llama: the greedy continuation transformers' `generate`
/// gives (scripts/fixtures/make_llm_goldens.py), streamed to stdout; the written attention covers
/// prompt + generated tokens with the output contract's metadata, and its prompt rows equal a run
/// over the prompt alone (causal attention: later tokens change nothing before them).
@Suite(.hangGuard) struct GenerateCommandTests {
    static let llama = RunCommandTests.fixtures.appendingPathComponent("llama-tiny").path

    @Test func greedyGenerationWritesTheWholeSequence() throws {
        let dir = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("gen.safetensors").path
        let result = try AttnvizProcess.run(["run", "--model", Self.llama, "The tiny model", "--generate", "12", "-o", out, "-v"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("\n") && !result.stdout.dropLast().contains("\n"))
        #expect(result.stderr.range(of: #"^attnviz: forward: [0-9.]+ ms \(19 tokens\)\n$"#, options: .regularExpression) != nil, "\(result.stderr)")

        let goldens = try JSONSerialization.jsonObject(with: Data(contentsOf: RunCommandTests.fixtures.appendingPathComponent("llm-tiny-generate.json"))) as? [[String: Any]] ?? []
        let golden = try #require(goldens.first { $0["model"] as? String == "llama-tiny" && $0["prompt"] as? String == "The tiny model" })
        let expectedIds = try #require(golden["ids"] as? [Int])
        let file = try SafetensorsFile(path: out)
        #expect(file.metadata["token_ids"] == "[" + expectedIds.map(String.init).joined(separator: ",") + "]")
        #expect(file.metadata["prompt_tokens"] == "7")
        let attention = try file.tensor(named: "attention")
        #expect(attention.shape.dimensions == [2, 4, 19, 19])
        #expect(file.metadataTokens("tokens")?.count == 19)

        let promptOnly = dir.appendingPathComponent("prompt.safetensors").path
        let plain = try AttnvizProcess.run(["run", "--model", Self.llama, "The tiny model", "-o", promptOnly])
        #expect(plain.status == 0, "\(plain.stderr)")
        let prompt = try SafetensorsFile(path: promptOnly).tensor(named: "attention")
        #expect(prompt.shape.dimensions == [2, 4, 7, 7])
        #expect(try SafetensorsFile(path: promptOnly).metadata["prompt_tokens"] == nil)
        for layer in 0..<2 {
            for head in 0..<4 {
                let full = try attention.matrix(layer: layer, head: head).values
                let part = try prompt.matrix(layer: layer, head: head).values
                for q in 0..<7 {
                    for k in 0..<7 {
                        #expect(abs(full[q * 19 + k] - part[q * 7 + k]) <= 1e-6)
                    }
                    #expect(full[(q * 19 + 7)..<(q * 19 + 19)].allSatisfy { $0 == 0 })
                }
            }
        }
    }

    @Test func samplingRepeatsWithItsSeedAndEncodersRefuseToGenerate() throws {
        func sample(_ seed: String) throws -> String {
            let r = try AttnvizProcess.run(["run", "--model", Self.llama, "The tiny model", "--generate", "10",
                                            "--temperature", "1.2", "--seed", seed])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout
        }
        #expect(try sample("3") == sample("3"))
        #expect(try sample("3") != sample("4"))
        let refused = try AttnvizProcess.run(["run", "--model", RunCommandTests.gpt2, "hello", "--generate", "3"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("generation needs a Llama-family decoder"), "\(refused.stderr)")
    }
}
