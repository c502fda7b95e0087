import Attention
import Foundation
import Testing
@testable import TransformerRuntime

/// `run(keep: .queriesAndKeys)`: no weights are stored, and every weight computed from the kept
/// queries, keys and normalisers equals the weights the same pass computes (themselves checked
/// against transformers in the golden suites) within 1e-5: encoders, GPT-2, Llama with grouped
/// heads, Mistral's sliding window, Gemma 2's soft cap and alternating windows, Qwen3's q/k norm,
/// Phi-3's partial rotary; and SmolLM2 from its GGUF.
struct FactoredRunTests {
    static let text = "Attention heads look back: some at the previous token, some at the first, 武汉市长江大桥."

    static func compare(_ directory: String, architecture: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let model = try TransformerModel(directory: directory)
        let encoding = try model.encode(Self.text)
        let weights = try model.run(encoding).attention
        let factoredRun = try model.run(encoding, keep: .queriesAndKeys)
        let factored = try #require(factoredRun.attention.factored, sourceLocation: sourceLocation)
        #expect(factored.keys.shape.heads == model.config.kvHeads, sourceLocation: sourceLocation)
        #expect(factoredRun.attention.shape == weights.shape, sourceLocation: sourceLocation)
        var worst: Float = 0
        for l in 0..<weights.shape.layers {
            for h in 0..<weights.shape.heads {
                let a = try weights.matrix(layer: l, head: h).values, b = try factoredRun.attention.matrix(layer: l, head: h).values
                worst = max(worst, zip(a, b).map { abs($0 - $1) }.max() ?? 0)
                // Masked weights are exact zeros in both.
                #expect(zip(a, b).allSatisfy { ($0 == 0) == ($1 == 0) || abs($0 - $1) < 1e-7 }, "\(architecture) L\(l) H\(h): zeros differ",
                        sourceLocation: sourceLocation)
            }
        }
        #expect(worst < 1e-5, "\(architecture): factored weights differ by up to \(worst)", sourceLocation: sourceLocation)
        // The deep-zoom tiles of the factored run (what `serve --file` and budget pages show): level
        // 0 is the forward pass's own weights, the top level their max and mean over 2^z blocks.
        let engine = try TileEngine(tensor: factoredRun.attention, tileSize: 8)
        let n = weights.shape.queries, top = engine.grid.topLevel, per = 1 << top
        var tileWorst: Float = 0
        for l in 0..<weights.shape.layers {
            for h in 0..<weights.shape.heads {
                let a = try weights.matrix(layer: l, head: h).values
                let overview = try engine.tile(TileAddress(layer: l, head: h, level: top, row: 0, column: 0))
                for py in 0..<((n + per - 1) / per) {
                    for px in 0..<((n + per - 1) / per) {
                        let cells = (py * per..<min(n, (py + 1) * per)).flatMap { q in (px * per..<min(n, (px + 1) * per)).map { a[q * n + $0] } }
                        tileWorst = max(tileWorst, abs(overview.max[py * 8 + px] - (cells.max() ?? 0)),
                                        abs(overview.mean[py * 8 + px] - cells.reduce(0, +) / Float(cells.count)))
                    }
                }
                let exact = try engine.tile(TileAddress(layer: l, head: h, level: 0, row: 0, column: 0))
                for q in 0..<min(8, n) { for k in 0..<min(8, n) { tileWorst = max(tileWorst, abs(exact.max[q * 8 + k] - a[q * n + k])) } }
            }
        }
        #expect(tileWorst < 1e-5, "\(architecture): tiles differ from the weights by up to \(tileWorst)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["llama-tiny", "mistral-tiny", "qwen2-tiny", "qwen3-tiny", "phi3-tiny", "gemma2-tiny", "gpt2-tiny"])
    func tinyFamiliesAgree(folder: String) throws {
        try Self.compare(Fixtures.path(folder), architecture: folder)
    }

    @Test func realModelsAgree() throws {
        try Self.compare(try Fixtures.miniLM, architecture: "MiniLM")
        try Self.compare(try Fixtures.smolLM2, architecture: "SmolLM2 GGUF")
    }

    @Test func gemma2KeepsItsCapAndWindows() throws {
        let model = try TransformerModel(directory: Fixtures.path("gemma2-tiny"))
        let run = try model.run(try model.encode(Self.text), keep: .queriesAndKeys)
        let parameters = try #require(run.attention.factored).parameters
        #expect(parameters.softCap == model.config.attentionSoftCap && parameters.softCap != nil)
        #expect(parameters.slidingWindows.count == model.config.layers && parameters.slidingWindows.contains { $0 != nil })
        #expect(parameters.causal)
    }
}
