import AttentionFormats
import Foundation
import Testing
import TestSupport

/// `attnviz run`: attention computed from model folders, written as safetensors or drawn, and
/// every kind of bad model input reported as one line.
@Suite(.hangGuard) struct RunCommandTests {
    static let fixtures = AttnvizProcess.packageRoot.appendingPathComponent("Tests/TransformerRuntimeTests/Fixtures")
    static let gpt2 = fixtures.appendingPathComponent("gpt2-tiny").path

    /// MiniLM (`scripts/fetch-model`; missing: a failure under `make test`, a named skip otherwise).
    static var miniLM: String { get throws { try RequiredModel.miniLM.require() } }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func sentencePairMatchesPyTorchEndToEnd() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("attn.safetensors").path
        // The golden "pair" input of scripts/fixtures/make_runtime_goldens.py.
        let result = try AttnvizProcess.run(["run", "--model", Self.miniLM, "How old are you?",
                                             "--pair", "I am six years old, and my sister is nine.", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let file = try SafetensorsFile(path: out)
        let tensor = try file.tensor(named: "attention")
        #expect(tensor.shape.dimensions == [6, 12, 20, 20])
        let tokens = try #require(file.metadataTokens("tokens"))
        #expect(Array(tokens.strings.prefix(7)) == ["[CLS]", "how", "old", "are", "you", "?", "[SEP]"])
        #expect(tokens.strings.last == "[SEP]")
        let golden = try SafetensorsFile(path: Self.fixtures.appendingPathComponent("minilm-goldens.safetensors").path)
            .floats(named: "pair.attention")
        let got = tensor.allValues()
        #expect(got.count == golden.count)
        let worst = zip(got, golden).map { abs($0 - $1) }.max() ?? 1
        #expect(worst <= 1e-4, "max difference \(worst)")
    }

    /// `--query-key` stores each head's query and key vectors beside the attention; layers 0 and 5
    /// of the "english" golden match PyTorch's projections.
    @Test func queryKeyVectorsAreWrittenBesideTheAttention() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("qk.safetensors").path
        let result = try AttnvizProcess.run(["run", "--model", Self.miniLM, "The quick brown fox jumps over the lazy dog.",
                                             "--query-key", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try SafetensorsFile(path: out)
        #expect(try file.tensor(named: "attention").shape.dimensions == [6, 12, 12, 12])
        let golden = try SafetensorsFile(path: Self.fixtures.appendingPathComponent("minilm-goldens.safetensors").path)
        for (kind, name) in [("query", "queries"), ("key", "keys")] {
            let info = try #require(file.tensors[name])
            #expect(info.shape == [6, 12, 12, 32])
            let all = try file.floats(named: name)
            for layer in [0, 5] {
                let expected = try golden.floats(named: "english.\(kind).\(layer)")   // [12, 12, 32]
                let got = Array(all[(layer * expected.count)..<((layer + 1) * expected.count)])
                let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? 1
                #expect(worst <= 1e-4, "\(name) layer \(layer): max difference \(worst)")
            }
        }
        // Without -o .safetensors the flag is refused before the model loads.
        let refused = try AttnvizProcess.run(["run", "--model", Self.miniLM, "hi", "--query-key", "-o", dir.appendingPathComponent("a.npy").path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--query-key"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.npy").path))
    }

    @Test func longInputsReportProgressOnStderr() throws {
        let text = String(repeating: "the cat sat on the mat. ", count: 45)   // 317 tokens
        let result = try AttnvizProcess.run(["run", "--model", Self.miniLM, text])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("attnviz: layer 1/6 (317 tokens)"))
        #expect(result.stderr.contains("attnviz: layer 6/6 (317 tokens)"))
        #expect(result.stdout.hasPrefix("bert: 6 layers x 12 heads x 317 tokens"))
    }

    @Test func shortcutsDrawHeatmapTextHeatAndExplorer() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("head.png").path
        let html = dir.appendingPathComponent("heat.html").path
        let page = dir.appendingPathComponent("explore.html").path
        let text = "a <script>alert(1)</script> & 武汉"
        let result = try AttnvizProcess.run(["run", "--model", Self.gpt2, text, "--heatmap", png, "--text", html,
                                             "--explore", page, "--layer", "1", "--head", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let pngBytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(pngBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let heat = try String(contentsOfFile: html, encoding: .utf8)
        #expect(heat.contains("&lt;"))
        #expect(!heat.contains("<script>alert"))
        #expect(heat.contains("layer 1, head 2"))
        let explorer = try String(contentsOfFile: page, encoding: .utf8)
        #expect(explorer.contains("attnviz-data"))
        #expect(!explorer.contains("<script>alert"))
    }

    /// `run --heatmap` takes the heatmap command's style flags (one option group): viridis from
    /// 0 to 1 paints GPT-2's zero upper triangle in viridis(0); `--mask causal` leaves those
    /// cells blank instead. A bad style value fails before the model loads, and writes nothing.
    @Test func heatmapStyleFlagsApplyToRunHeatmap() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let style = ["--cmap", "viridis", "--vmin", "0", "--vmax", "1", "--no-cbar", "--xticklabels", "none", "--yticklabels", "none"]
        func zeroColoured(_ extra: [String], _ name: String) throws -> Int {
            let png = dir.appendingPathComponent(name).path
            let result = try AttnvizProcess.run(["run", "--model", Self.gpt2, "one two three four five six", "--heatmap", png] + style + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try PNGPixels(contentsOf: URL(fileURLWithPath: png)).positions(of: (0x44, 0x01, 0x54), tolerance: 3).count
        }
        let plain = try zeroColoured([], "plain.png")
        let masked = try zeroColoured(["--mask", "causal"], "masked.png")
        #expect(plain > 1000, "viridis(0) pixels without a mask: \(plain)")
        #expect(masked * 10 < plain, "viridis(0) pixels: \(masked) masked, \(plain) plain")
        let png = dir.appendingPathComponent("bad.png").path
        let bad = try AttnvizProcess.run(["run", "--model", dir.appendingPathComponent("no-model").path, "hi", "--heatmap", png, "--norm", "power:-1"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("attnviz: ") && bad.stderr.contains("--norm") && bad.stderr.contains("power:G"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: png))
    }

    @Test func truncatesLongTextWithWarning() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("attn.safetensors").path
        let text = String(repeating: "hello world ", count: 100)   // 1000 tokens with the tiny BPE; the model has 128 positions
        let result = try AttnvizProcess.run(["run", "--model", Self.gpt2, text, "-o", out])
        #expect(result.status == 0)
        #expect(result.stderr == "attnviz: warning: text: 1000 tokens exceed the model's 128 positions; truncated to 128 (--no-truncate refuses instead)\n")
        let tensor = try SafetensorsFile(path: out).tensor(named: "attention")
        #expect(tensor.shape.dimensions == [2, 4, 128, 128])
        // Causal: the first query attends only to itself.
        #expect(tensor.value(layer: 1, head: 3, query: 0, key: 0) == 1)
        #expect(tensor.value(layer: 1, head: 3, query: 0, key: 1) == 0)
    }

    struct BadModel: CustomTestStringConvertible, Sendable {
        var name: String
        /// Changes a copy of the tiny GPT-2 folder.
        var damage: @Sendable (URL) throws -> Void
        var text = "hello"
        var arguments: [String] = []
        var message: String
        var testDescription: String { name }
    }

    static func edit(_ file: String, _ transform: @escaping @Sendable (String) -> String) -> @Sendable (URL) throws -> Void {
        { dir in
            let url = dir.appendingPathComponent(file)
            try transform(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static let badModels: [BadModel] = [
        BadModel(name: "no config", damage: { try FileManager.default.removeItem(at: $0.appendingPathComponent("config.json")) },
                 message: "config.json: no such file"),
        BadModel(name: "corrupt config", damage: edit("config.json") { String($0.prefix(40)) },
                 message: "config.json: invalid JSON"),
        BadModel(name: "unsupported architecture", damage: edit("config.json") { $0.replacingOccurrences(of: "\"gpt2\"", with: "\"t5\"") },
                 message: "config.json: unsupported architecture t5; supported: bert, roberta, distilbert, gpt2, llama, mistral, qwen2"),
        BadModel(name: "hidden size disagrees", damage: edit("config.json") { $0.replacingOccurrences(of: "\"n_embd\": 64", with: "\"n_embd\": 128") },
                 message: "model.safetensors: tensor transformer.wte.weight has shape [400, 64] but config.json implies [400, 128]"),
        BadModel(name: "more layers than the file", damage: edit("config.json") { $0.replacingOccurrences(of: "\"n_layer\": 2", with: "\"n_layer\": 3") },
                 message: "model.safetensors: missing tensor transformer.h.2.ln_1.weight"),
        BadModel(name: "fewer layers than the file", damage: edit("config.json") { $0.replacingOccurrences(of: "\"n_layer\": 2", with: "\"n_layer\": 1") },
                 message: "model.safetensors: has more layers than the 1 config.json declares"),
        BadModel(name: "no weights", damage: { try FileManager.default.removeItem(at: $0.appendingPathComponent("model.safetensors")) },
                 message: "model.safetensors: no such file"),
        BadModel(name: "truncated weights", damage: { dir in
            let url = dir.appendingPathComponent("model.safetensors")
            try Data(try Data(contentsOf: url).prefix(50_000)).write(to: url)
        }, message: "model.safetensors: truncated"),
        BadModel(name: "garbage weights", damage: { try Data(repeating: 0xFF, count: 64).write(to: $0.appendingPathComponent("model.safetensors")) },
                 message: "model.safetensors:"),
        BadModel(name: "no tokenizer", damage: { try FileManager.default.removeItem(at: $0.appendingPathComponent("tokenizer.json")) },
                 message: "tokenizer.json: no such file"),
        BadModel(name: "corrupt tokenizer", damage: edit("tokenizer.json") { String($0.prefix(200)) },
                 message: "tokenizer.json: invalid JSON"),
        BadModel(name: "empty text", damage: { _ in }, text: "", message: "text: empty input"),
        BadModel(name: "blank text", damage: { _ in }, text: " \n\t ", message: "text: empty input"),
        BadModel(name: "too long with --no-truncate", damage: { _ in }, text: String(repeating: "hello world ", count: 100),
                 arguments: ["--no-truncate"], message: "text: 1000 tokens exceed the model's 128 positions"),
        BadModel(name: "unknown output type", damage: { _ in }, arguments: ["-o", "x.json"], message: "x.json: unknown output type"),
    ]

    @Test(arguments: badModels)
    func badModelInputIsOneLine(_ bad: BadModel) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.gpt2), to: model)
        try bad.damage(model)
        let out = dir.appendingPathComponent("attn.safetensors").path
        let arguments = ["run", "--model", model.path, bad.text] + (bad.arguments.isEmpty ? ["-o", out] : bad.arguments)
        let result = try AttnvizProcess.run(arguments, in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("attnviz: "))
        #expect(result.stderr.contains(bad.message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func missingModelFolder() throws {
        let result = try AttnvizProcess.run(["run", "--model", "/nonexistent/model", "hi"])
        #expect(result.status == 1)
        #expect(result.stderr == "attnviz: /nonexistent/model: no such model folder or .gguf file\n")
    }
}
