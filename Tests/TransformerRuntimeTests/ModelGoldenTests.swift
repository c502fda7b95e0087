import AttentionFormats
import Foundation
import Testing
import TestSupport
@testable import TransformerRuntime

/// Attention from the Swift forward pass against PyTorch (transformers, eager attention),
/// exported by scripts/fixtures/make_runtime_goldens.py: every attention weight within
/// rtol·|torch| + atol (`GoldenTolerance`), query/key vectors within 1e-4.
@Suite(.hangGuard)  // finds MiniLM with scripts/fetch-model --cached; debug-build model runs
struct ModelGoldenTests {
    struct Golden {
        var name: String
        var text: String
        var pair: String?
        var ids: [Int]
        var typeIds: [Int]?
        var tokens: [String]
        var rows: [Int]?
    }

    static func goldens(_ file: String) throws -> [Golden] {
        let records = try #require(try Fixtures.json(file) as? [[String: Any]])
        return try records.map { r in
            Golden(name: try #require(r["name"] as? String), text: try #require(r["text"] as? String),
                   pair: r["pair"] as? String, ids: try #require(r["ids"] as? [Int]),
                   typeIds: r["type_ids"] as? [Int], tokens: try #require(r["tokens"] as? [String]),
                   rows: r["rows"] as? [Int])
        }
    }

    /// Largest absolute difference, checking sizes match.
    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        #expect(a.count == b.count)
        var worst: Float = 0
        for (x, y) in zip(a, b) { worst = max(worst, abs(x - y)) }
        return worst
    }

    static let miniLM = RequiredModel.Loaded(.miniLM) { try TransformerModel(directory: $0) }
    static let gpt2 = Result { try TransformerModel(directory: Fixtures.gpt2Tiny) }

    @Test func miniLMConfig() throws {
        let model = try Self.miniLM.get()
        #expect(model.config.architecture == .bert)
        #expect(model.config.layers == 6)
        #expect(model.config.heads == 12)
        #expect(model.config.headSize == 32)
        #expect(model.maxTokens == 512)
    }

    @Test(arguments: ["english", "chinese", "pair"])
    func miniLMMatchesPyTorch(name: String) throws {
        let model = try Self.miniLM.get()
        let golden = try #require(try Self.goldens("minilm-goldens.json").first { $0.name == name })
        let run = try model.run(text: golden.text, pair: golden.pair)
        #expect(run.encoding.ids == golden.ids)
        #expect(run.encoding.typeIds == golden.typeIds)
        #expect(run.encoding.tokens == golden.tokens)
        let s = golden.ids.count
        #expect(run.attention.shape.dimensions == [6, 12, s, s])
        let file = try SafetensorsFile(path: Fixtures.path("minilm-goldens.safetensors"))
        let expected = try file.floats(named: "\(name).attention")
        let report = GoldenTolerance.miniLM.compare(run.attention.allValues(), expected)
        #expect(report.passes, "\(name): \(report)")
        if name == "pair" { #expect(run.encoding.pairStart == golden.typeIds?.firstIndex(of: 1)) }
    }

    @Test func miniLMParagraphMatchesPyTorch() throws {
        let model = try Self.miniLM.get()
        let golden = try #require(try Self.goldens("minilm-goldens.json").first { $0.name == "paragraph" })
        let rows = try #require(golden.rows)
        let run = try model.run(text: golden.text)
        #expect(run.encoding.ids == golden.ids)
        let s = golden.ids.count
        #expect(s >= 200)
        let expected = try SafetensorsFile(path: Fixtures.path("minilm-paragraph.safetensors")).floats(named: "paragraph.attention_rows")
        var got = [Float]()
        for l in 0..<6 {
            for h in 0..<12 {
                let m = try run.attention.matrix(layer: l, head: h)
                for r in rows { got += m.row(r) }
            }
        }
        let report = GoldenTolerance.miniLM.compare(got, expected)
        #expect(report.passes, "paragraph: \(report)")
        // Every row of every head is a distribution (the rows not stored in the fixture too).
        let all = run.attention.allValues()
        var worstRow: Float = 0
        for start in stride(from: 0, to: all.count, by: s) {
            worstRow = max(worstRow, abs(all[start..<(start + s)].reduce(0, +) - 1))
        }
        #expect(worstRow < 1e-4)
    }

    @Test func miniLMQueryKeyVectorsMatchPyTorch() throws {
        let model = try Self.miniLM.get()
        let golden = try #require(try Self.goldens("minilm-goldens.json").first { $0.name == "english" })
        let run = try model.run(text: golden.text, captureQueryKey: true)
        let file = try SafetensorsFile(path: Fixtures.path("minilm-goldens.safetensors"))
        let s = golden.ids.count
        for layer in [0, 5] {
            for (kind, vector) in [("query", run.query), ("key", run.key)] {
                let expected = try file.floats(named: "english.\(kind).\(layer)")   // [12, s, 32]
                var got = [Float]()
                for h in 0..<12 {
                    for t in 0..<s { got += try #require(vector(layer, h, t)) }
                }
                let difference = Self.maxDifference(got, expected)
                #expect(difference <= 1e-4, "\(kind) layer \(layer): max difference \(difference)")
            }
        }
        #expect(run.query(layer: 6, head: 0, token: 0) == nil)
    }

    @Test(arguments: ["english", "mixed", "long"])
    func gpt2MatchesPyTorch(name: String) throws {
        let model = try Self.gpt2.get()
        #expect(model.config.architecture == .gpt2)
        let golden = try #require(try Self.goldens("gpt2-tiny-goldens.json").first { $0.name == name })
        let run = try model.run(text: golden.text)
        #expect(run.encoding.ids == golden.ids)
        let s = golden.ids.count
        #expect(run.attention.shape.dimensions == [2, 4, s, s])
        let expected = try SafetensorsFile(path: Fixtures.path("gpt2-tiny-goldens.safetensors")).floats(named: "\(name).attention")
        let got = run.attention.allValues()
        let report = GoldenTolerance.gpt2.compare(got, expected)
        #expect(report.passes, "\(name): \(report)")
        // Causal: nothing above the diagonal, exactly.
        for head in 0..<8 {
            for q in 0..<s {
                for k in (q + 1)..<max(q + 1, s) { #expect(got[(head * s + q) * s + k] == 0) }
            }
        }
    }
}
