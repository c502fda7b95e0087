import ArgumentParser
import Attention
import AttentionExplorer
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation
import TransformerRuntime

/// `attnviz run --model DIR "text"`: compute attention with the model itself (BERT, MiniLM,
/// RoBERTa, DistilBERT, GPT-2 from `config.json` + `model.safetensors` + `tokenizer.json`), no
/// Python needed, and write it or go straight to a picture.
///
/// ```sh
/// attnviz run --model ~/.cache/attnviz/models/all-MiniLM-L6-v2 "武汉市长江大桥" -o attn.safetensors
/// attnviz run --model DIR "How old are you?" --pair "I am six." --heatmap head.png --layer 2 --head 5
/// attnviz run --model DIR "$(cat essay.txt)" --explore essay.html
/// ```
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a model on a text and write its attention, a heatmap, text heat or an explorer page.",
        discussion: """
            The model is a folder holding config.json, model.safetensors (F32, F16 or BF16; or the \
            shards model.safetensors.index.json lists) and tokenizer.json (or, for BERT-style \
            models, vocab.txt), as Hugging Face saves them, or a .gguf file (llama.cpp's format: \
            F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K..Q6_K). Supported: \(ModelConfig.Architecture.allCases.map(\.rawValue).joined(separator: ", ")) \
            (BERT, MiniLM, RoBERTa, DistilBERT, GPT-2, DistilGPT2, Llama 2/3, SmolLM2, Mistral, \
            Qwen2). Attention is written [layers, query heads, seq, seq] with the tokens. Texts \
            longer than the model's positions are truncated with a warning (or refused with \
            --no-truncate).
            """)

    @Option(help: ArgumentHelp("Model folder (config.json, model.safetensors, tokenizer.json) or .gguf file.", valueName: "path"))
    var model: String

    @Argument(help: ArgumentHelp("The text to run.", valueName: "text"))
    var text: String

    @Option(help: ArgumentHelp("Second text of a sentence pair (BERT segment B).", valueName: "text"))
    var pair: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write all attention to this .safetensors (or .npy) file.", valueName: "path"))
    var output: String?

    @Flag(name: .customLong("query-key"), help: """
        With -o FILE.safetensors: also store every head's query and key vectors (projection outputs, \
        before scaling) as tensors "queries" and "keys" [layers, heads, seq, head size].
        """)
    var queryKey = false

    @Option(help: ArgumentHelp("""
        What -o keeps: weights (every weight, [layers, heads, seq, seq]) or qk (each head's queries and keys \
        after RoPE and each softmax row's log-sum-exp, from which any weight follows: a few MB where the \
        weights would take GB; every command reads it).
        """, valueName: "weights|qk"))
    var keep: KeptAttention = .weights

    @Option(help: ArgumentHelp("With --keep qk: store queries and keys as f32 (default) or f16 (half the size; `attnviz info` reports the largest weight error it causes).", valueName: "f32|f16"))
    var qkPrecision: FactoredSafetensors.Precision = .f32

    @Option(help: ArgumentHelp("Also draw the selected matrix as a heatmap (.png, .svg or .pdf).", valueName: "path"))
    var heatmap: String?

    @Option(name: .customLong("text"), help: ArgumentHelp("Also write text heat of the selected matrix's rows as HTML.", valueName: "path"))
    var textHeat: String?

    @Option(help: ArgumentHelp("Also write the interactive explorer page for every layer and head.", valueName: "path"))
    var explore: String?

    @OptionGroup var selection: SelectionOptions
    @OptionGroup(title: "Heatmap style (with --heatmap)") var style: HeatmapStyleOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("--text: only the row of this query (default: one example per query).", valueName: "q"))
    var query: Int?

    @Flag(help: "Refuse texts longer than the model's positions instead of truncating them.")
    var noTruncate = false

    @Option(help: ArgumentHelp("Threads for the matrix products (default: OPENBLAS_NUM_THREADS or all cores).", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Llama-family models: generate up to N tokens after the text (streamed to stdout), then write the attention of the whole sequence.", valueName: "n"))
    var generate: Int?

    @Option(help: ArgumentHelp("With --generate: sample at this temperature (0, the default, is greedy).", valueName: "t"))
    var temperature: Float = 0

    @Option(help: ArgumentHelp("With --generate and a temperature: the random seed.", valueName: "s"))
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("""
        GGUF models: automatic (Float32 at load up to 2 GB in Float32, else quantized), float32 (dequantize at \
        load: fastest) or quantized (keep the file's encoding; each layer is dequantized when it runs: least memory).
        """, valueName: "mode"))
    var quantizedWeights: QuantizedWeights = .automatic

    @Flag(name: .shortAndLong, help: "Print the forward pass's own time on stderr (forward: N ms).")
    var verbose = false

    @Option(help: .hidden)
    var benchRepeat: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let benchRepeat, benchRepeat < 1 { throw ValidationError("--bench-repeat must be at least 1") }
        if let generate, generate < 0 { throw ValidationError("--generate must be at least 0") }
        if !(temperature >= 0 && temperature.isFinite) { throw ValidationError("--temperature must be 0 or more") }
        if generate != nil && pair != nil { throw ValidationError("--generate continues one text; drop --pair") }
    }

    /// Output names are checked before the model is loaded, so a typo costs nothing.
    private func checkOutputs() throws {
        if queryKey, output.map({ Self.extensionOf($0) != "safetensors" }) ?? true {
            throw CLIFailure("--query-key stores the vectors beside the attention: use it with -o FILE.safetensors")
        }
        if let output, !["safetensors", "npy"].contains(Self.extensionOf(output)) {
            throw CLIFailure("\(output): unknown output type; use .safetensors or .npy")
        }
        if keep == .queriesAndKeys {
            guard let output, Self.extensionOf(output) == "safetensors" else {
                throw CLIFailure("--keep qk writes queries and keys to a safetensors file: use it with -o FILE.safetensors")
            }
            if queryKey { throw CLIFailure("--keep qk already stores the queries and keys; drop --query-key") }
        } else if qkPrecision != .f32 {
            throw CLIFailure("--qk-precision applies to --keep qk")
        }
        if let heatmap, ImageFormat.forPath(heatmap) == nil {
            throw CLIFailure("\(heatmap): unknown output type; use .png, .svg or .pdf")
        }
        if heatmap != nil { _ = try style.style() }
        if let path = textHeat, !["html", "htm"].contains(Self.extensionOf(path)) {
            throw CLIFailure("\(path): --text writes HTML; use .html")
        }
        if let explore, !["html", "htm"].contains(Self.extensionOf(explore)) {
            throw CLIFailure("\(explore): --explore writes HTML; use .html")
        }
    }

    func run() throws {
        try checkOutputs()
        if let threads { TransformerModel.setThreadCount(threads) }
        HeapReuse.enable()
        let loaded = try TransformerModel(directory: model, quantizedWeights: quantizedWeights)
        var encoding = try loaded.encode(text, pair: pair, truncate: !noTruncate)
        if let untruncated = encoding.untruncatedCount {
            Diagnostics.line("warning: text: \(untruncated) tokens exceed the model's \(loaded.maxTokens) positions; "
                      + "truncated to \(encoding.count) (--no-truncate refuses instead)")
        }
        if let benchRepeat {
            try bench(loaded, encoding, repeats: benchRepeat)
            return
        }
        let promptCount = encoding.count
        if let generate {
            encoding = try generateTokens(loaded, after: encoding, count: generate)
        }
        let showProgress = encoding.count >= 256
        let tokens = encoding.count
        let started = DispatchTime.now().uptimeNanoseconds
        let result = try loaded.run(encoding, captureQueryKey: queryKey, keep: keep, progress: showProgress ? { done, total in
            Diagnostics.line("layer \(done)/\(total) (\(tokens) tokens)")
        } : nil)
        if verbose {
            Diagnostics.line(String(format: "forward: %.1f ms (%d tokens)", Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6, tokens))
        }
        var data = try result.data
        if generate != nil { data.markGenerated(from: promptCount) }
        data.setTokenBytes(loaded.tokenizer.partialCharacterBytes(encoding))

        if let output {
            let metadata = [("token_ids", "[" + encoding.ids.map(String.init).joined(separator: ",") + "]")]
            if let factored = data.tensor.factored {
                var extra = metadata + (generate != nil ? [("prompt_tokens", String(promptCount))] : [])
                if let bytes = data.tokenBytes { extra.append(("token_bytes", JSONDocument.encodeStrings(bytes))) }
                if qkPrecision == .f16 {
                    // Measured on every 8th query row of every head (every row of short runs).
                    let step = factored.sequence <= 512 ? 1 : 8
                    let error = try factored.halfPrecisionError(rowStep: step)
                    extra.append(("f16_max_weight_error", "\(error)"))
                    extra.append(("f16_error_rows", step == 1 ? "all" : "every \(step)th"))
                }
                try FactoredSafetensors.write(factored, tokens: data.queryTokens, precision: qkPrecision,
                                              metadata: extra, to: output)
            } else if Self.extensionOf(output) == "npy" {
                try Npy.write(data.tensor, to: output)
            } else {
                try Safetensors.write(data, extra: queryKeyTensors(result), metadata: metadata, to: output)
            }
        }
        if let heatmap { try drawHeatmap(data, to: heatmap) }
        if let path = textHeat { try writeTextHeat(data, to: path) }
        if let explore {
            let title = "\(URL(fileURLWithPath: model).lastPathComponent): \(Self.snippet(text))"
            let page = try ExplorerPage.html(
                data: data, title: title,
                annotations: RunAnnotations(
                    kvGroupSize: loaded.config.kvGroupSize,
                    partialBytes: data.tokenBytes,
                    unknownSources: loaded.tokenizer.unknownSources(encoding, text: text, pair: pair)))
            try AtomicFile.write(page, to: explore)
        }
        if output == nil && heatmap == nil && textHeat == nil && explore == nil {
            let shape = data.tensor.shape
            print("\(loaded.config.architecture.rawValue): \(shape.layers) layers x \(shape.heads) heads x \(shape.queries) tokens "
                  + "(write it with -o FILE.safetensors, --heatmap, --text or --explore)")
            print(encoding.displayTokens.map { DisplaySafe.quoted($0) }.joined(separator: " "))
        }
    }

    /// Generates up to `count` tokens after `prompt`, streaming their text to stdout, and returns
    /// the encoding of the whole sequence.
    private func generateTokens(_ model: TransformerModel, after prompt: Encoding, count: Int) throws -> Encoding {
        var sampler = TokenSampler(temperature: temperature, seed: seed)
        let endOfSequence = model.config.endOfSequenceTokenId
        var pending = [Int]()
        let ids = try model.generate(prompt, maxNewTokens: count, sampler: &sampler, stopAt: endOfSequence) { id in
            // Stream whole characters: hold ids back while they end inside a UTF-8 sequence.
            pending.append(id)
            let piece = model.tokenizer.decode(pending)
            if !piece.hasSuffix("\u{FFFD}") || pending.count > 8 {
                FileHandle.standardOutput.write(Data(DisplaySafe.text(piece).utf8))
                pending.removeAll()
            }
        }
        if !pending.isEmpty { FileHandle.standardOutput.write(Data(DisplaySafe.text(model.tokenizer.decode(pending)).utf8)) }
        FileHandle.standardOutput.write(Data("\n".utf8))
        return model.tokenizer.encoding(ids: ids)
    }

    /// The captured query and key vectors as `[layers, heads, seq, head size]` tensors.
    private func queryKeyTensors(_ result: AttentionRun) -> [Safetensors.Extra] {
        guard let queries = result.queries, let keys = result.keys else { return [] }
        let shape = result.attention.shape
        let dims = [shape.layers, shape.heads, shape.queries, result.headSize]
        return [Safetensors.Extra(name: "queries", shape: dims, values: queries),
                Safetensors.Extra(name: "keys", shape: dims, values: keys)]
    }

    private func drawHeatmap(_ data: AttentionData, to path: String) throws {
        guard let format = ImageFormat.forPath(path, dpi: self.style.dpi) else { throw CLIFailure("\(path): unknown output type") }
        var map = try selection.map(from: data)
        var style = try self.style.style()
        try self.style.applySinks(to: &map, style: &style)
        if let mask = try self.style.readMask(rows: map.matrix.rows, columns: map.matrix.columns) { style.mask = mask }
        let generatedFrom = style.markGenerated(of: data, in: map)
        if self.style.title == nil {
            style.title = generatedFrom.map { "\(selection.summary) · generated after token \($0)" } ?? selection.summary
        }
        do {
            let (bytes, layout) = try Heatmap(map: map, style: style).renderWithLayout(format: format)
            try AtomicFile.write(bytes, to: path)
            for note in layout.notes { Diagnostics.line("note: \(note)") }
        } catch let error as RenderError {
            throw CLIFailure("\(path): \(error.userMessage)")
        }
    }

    private func writeTextHeat(_ data: AttentionData, to path: String) throws {
        let input = try TextHeatExamples.rows(of: selection.map(from: data), query: query)
        let heat: TextHeat
        do {
            heat = try TextHeat(tokens: input.tokens, weights: input.weights, labels: input.labels)
        } catch {
            throw CLIFailure("\(path): \(error.problemWithHint)")
        }
        let page = TextHeatHTML.render(heat, options: .init(title: "\(Self.snippet(text)) — \(selection.summary)"))
        try AtomicFile.write(page, to: path)
    }

    /// Times the forward pass (with attention capture) `repeats` times after one warm-up run and
    /// prints the median and minimum in milliseconds (used by bench/runtime.sh).
    private func bench(_ model: TransformerModel, _ encoding: Encoding, repeats: Int) throws {
        _ = try model.run(encoding)
        var times = [Double]()
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try model.run(encoding)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        print(String(format: "tokens %d median_ms %.3f min_ms %.3f", encoding.count, times[times.count / 2], times[0]))
    }

    static func extensionOf(_ path: String) -> String { URL(fileURLWithPath: path).pathExtension.lowercased() }

    /// The first words of the text, for titles.
    static func snippet(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }
}
