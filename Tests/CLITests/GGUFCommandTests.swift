import AttentionFormats
import Foundation
import Testing
import TestSupport

/// `attnviz run --model FILE.gguf`: the real SmolLM2 GGUF end to end (token ids as transformers
/// gives them, attention [30, 9, seq, seq]), and broken GGUF files as one line each with nothing
/// written.
@Suite(.hangGuard) struct GGUFCommandTests {
    /// The SmolLM2 GGUF (`scripts/fetch-model smollm2`; missing: a failure under `make test`).
    static var smolLM2: String { get throws { try RequiredModel.smolLM2.require() } }

    @Test func smolLM2RunsFromItsGGUF() throws {
        let dir = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("smol.safetensors").path
        let result = try AttnvizProcess.run(["run", "--model", Self.smolLM2, "The quick brown fox jumps over the lazy dog.", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try SafetensorsFile(path: out)
        // transformers' tokenizer from the same GGUF (Fixtures/smollm2-goldens.json, "english").
        #expect(file.metadata["token_ids"] == "[504,2365,6354,16438,27003,690,260,23790,2767,30]")
        #expect(try file.tensor(named: "attention").shape.dimensions == [30, 9, 10, 10])
        #expect(file.metadataTokens("tokens") == ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."])
    }

    @Test func brokenGGUFFilesAreOneLineAndWriteNothing() throws {
        let dir = try RunCommandTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let truncated = dir.appendingPathComponent("truncated.gguf").path
        let whole = try FileHandle(forReadingFrom: URL(fileURLWithPath: Self.smolLM2))
        try whole.readData(ofLength: 1_000_000).write(to: URL(fileURLWithPath: truncated))
        try whole.close()
        let notGGUF = dir.appendingPathComponent("text.gguf").path
        try "hello\n".write(toFile: notGGUF, atomically: true, encoding: .utf8)
        let notAModel = RunCommandTests.fixtures.appendingPathComponent("gguf/types.gguf").path
        let out = dir.appendingPathComponent("out.safetensors").path
        for (model, problem) in [
            (truncated, "metadata tokenizer.ggml.merges: the array at offset 960187 declares 48900 string elements but the file has 39805 bytes left"),
            (notGGUF, "not a GGUF file (it does not start with \"GGUF\")"),
            (notAModel, "no integer llama.block_count in the metadata"),
        ] {
            let result = try AttnvizProcess.run(["run", "--model", model, "hi", "-o", out])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("attnviz: \(model): \(problem)"), "\(result.stderr)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
