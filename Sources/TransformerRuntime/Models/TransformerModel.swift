import Attention
import Foundation

/// A model folder (`config.json`, `model.safetensors`, `tokenizer.json`) ready to run: the
/// weights stay memory-mapped, the forward pass runs in Float32 with OpenBLAS and records every
/// layer's attention.
///
/// ```swift
/// let model = try TransformerModel(directory: "all-MiniLM-L6-v2")
/// let run = try model.run(text: "武汉市长江大桥")
/// run.attention.shape        // [6, 12, 9, 9]
/// run.encoding.tokens        // ["[CLS]", "武", ..., "[SEP]"]
/// ```
public struct TransformerModel: Sendable {
    enum Network: Sendable {
        case encoder(BertEncoder)
        case decoder(GPT2Decoder)
        case llama(LlamaDecoder)
    }

    /// The folder the model was read from.
    public let directory: String
    /// The parsed `config.json`.
    public let config: ModelConfig
    /// The tokenizer from `tokenizer.json`.
    public let tokenizer: Tokenizer
    let network: Network

    /// Reads a model: a folder with `config.json`, `tokenizer.json` (or, for BERT-style models
    /// without one, `vocab.txt` and `tokenizer_config.json`) and `model.safetensors` (or the
    /// shards of `model.safetensors.index.json`), or a `.gguf` file (configuration, tokenizer and
    /// weights in one), checking every weight's shape against the configuration. A GGUF model's
    /// matrices are dequantized at load or kept quantized as `quantizedWeights` says.
    public init(directory: String, quantizedWeights: QuantizedWeights = .automatic) throws(RuntimeError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw .file(path: directory, problem: "no such model folder or .gguf file")
        }
        self.directory = directory
        _ = try BLASLibrary.load()
        if isDirectory.boolValue {
            (config, tokenizer, network) = try Self.loadFolder(directory)
        } else if directory.lowercased().hasSuffix(".gguf") {
            (config, tokenizer, network) = try Self.loadGGUF(directory, quantizedWeights: quantizedWeights)
        } else {
            throw .file(path: directory, problem: "not a folder (expected one holding config.json, model.safetensors, tokenizer.json) nor a .gguf file")
        }
    }

    /// A Hugging Face model folder.
    private static func loadFolder(_ directory: String) throws(RuntimeError) -> (ModelConfig, Tokenizer, Network) {
        let url = URL(fileURLWithPath: directory)
        let config = try ModelConfig(contentsOf: url.appendingPathComponent("config.json").path)
        let weightsPath = url.appendingPathComponent("model.safetensors").path
        let indexPath = url.appendingPathComponent("model.safetensors.index.json").path
        let store: WeightStore
        if FileManager.default.fileExists(atPath: weightsPath) {
            store = try WeightStore(path: weightsPath)
        } else if FileManager.default.fileExists(atPath: indexPath) {
            store = try WeightStore(index: indexPath)
        } else {
            let others = ["pytorch_model.bin", "tf_model.h5", "flax_model.msgpack"]
                .filter { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
            throw .file(path: weightsPath, problem: others.isEmpty
                ? "no such file (nor model.safetensors.index.json)"
                : "no such file (found \(others.joined(separator: ", ")); attnviz reads safetensors weights)")
        }
        let tokenizerPath = url.appendingPathComponent("tokenizer.json").path
        let vocabularyPath = url.appendingPathComponent("vocab.txt").path
        let tokenizer: Tokenizer
        if !FileManager.default.fileExists(atPath: tokenizerPath) && FileManager.default.fileExists(atPath: vocabularyPath) {
            guard config.architecture == .bert || config.architecture == .distilbert else {
                throw .file(path: tokenizerPath, problem: "no such file (vocab.txt alone serves BERT-style WordPiece models, not \(config.architecture.rawValue))")
            }
            tokenizer = try Tokenizer(bertVocabularyIn: directory)
        } else {
            tokenizer = try Tokenizer(contentsOf: tokenizerPath)
        }
        return (config, tokenizer, try network(config: config, store: store))
    }

    /// A GGUF file: metadata as configuration and tokenizer; weight matrices dequantized to
    /// Float32 once at load (SmolLM2-135M: 0.54 GB) or kept quantized (see `QuantizedWeights`),
    /// query and key rows put back in Hugging Face's order. Embedding rows are always
    /// dequantized one token at a time.
    private static func loadGGUF(_ path: String, quantizedWeights: QuantizedWeights) throws(RuntimeError) -> (ModelConfig, Tokenizer, Network) {
        let file = try GGUFFile(path: path)
        let config = try ModelConfig(json: GGUFModelMetadata.config(of: file), path: path)
        let tokenizer = try Tokenizer(json: GGUFModelMetadata.tokenizer(of: file), path: path)
        let names = GGUFNames(file: file, heads: config.heads, kvHeads: config.kvHeads,
                              permutedQueryKey: file.architecture == "llama")
        let float32Bytes = file.tensors.reduce(0) { $0 + $1.elementCount.multipliedReportingOverflow(by: 4).partialValue }
        let store = WeightStore(gguf: names, keepsQuantized: quantizedWeights.keepsQuantized(float32Bytes: float32Bytes))
        return (config, tokenizer, try network(config: config, store: store))
    }

    private static func network(config: ModelConfig, store: WeightStore) throws(RuntimeError) -> Network {
        switch config.architecture {
        case .bert, .roberta, .distilbert:
            return .encoder(try BertEncoder(config: config, store: store))
        case .gpt2:
            return .decoder(try GPT2Decoder(config: config, store: store))
        case .llama, .mistral, .qwen2, .qwen3, .phi3, .gemma2:
            return .llama(try LlamaDecoder(config: config, store: store))
        }
    }

    /// The most tokens one input may have (positions, less RoBERTa's offset). Rotary models with
    /// dynamic scaling are built to run past their trained length: only a sanity cap applies.
    public var maxTokens: Int {
        if case .dynamic? = config.ropeScaling { return 1 << 20 }
        return config.architecture == .roberta ? config.maxPositions - config.padTokenId - 1 : config.maxPositions
    }

    /// Sets how many threads the forward pass uses; the default follows `OPENBLAS_NUM_THREADS`
    /// or the number of cores. (OpenBLAS itself runs single-threaded inside each of them.)
    public static func setThreadCount(_ count: Int) { Workers.count = count }

    /// Tokenises `text` (and `pair`) for this model. Blank texts are rejected. Inputs longer than
    /// `maxTokens` are cut to fit when `truncate` is set (`untruncatedCount` then says how long
    /// they were), and rejected otherwise.
    public func encode(_ text: String, pair: String? = nil, truncate: Bool = true) throws(RuntimeError) -> Encoding {
        guard !Self.isBlank(text), !(pair.map(Self.isBlank) ?? false) else { throw .emptyText }
        let full = tokenizer.encode(text, pair: pair)
        guard full.sequenceIds.contains(where: { $0 == 0 }) else { throw .emptyText }
        if pair != nil, !full.sequenceIds.contains(where: { $0 == 1 }) { throw .emptyText }
        guard full.count > maxTokens else { return full }
        guard truncate else { throw .tooLong(tokens: full.count, maximum: maxTokens) }
        var cut = tokenizer.encode(text, pair: pair, maxLength: maxTokens)
        cut.untruncatedCount = full.count
        return cut
    }

    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }

    /// Tokenises and runs `text` (see `encode` and `run(_:captureQueryKey:progress:)`).
    public func run(
        text: String, pair: String? = nil, truncate: Bool = true, captureQueryKey: Bool = false,
        progress: ((_ layersDone: Int, _ layers: Int) -> Void)? = nil
    ) throws(RuntimeError) -> AttentionRun {
        try run(encode(text, pair: pair, truncate: truncate), captureQueryKey: captureQueryKey, progress: progress)
    }

    /// Runs the forward pass over an encoding, recording each layer's attention probabilities
    /// (and, with `captureQueryKey`, each head's query and key vectors). `progress` is called
    /// after each layer. With `keep: .queriesAndKeys` no probabilities are stored: the run's
    /// attention is factored (`AttentionTensor(factored:)`), computed per head when read.
    public func run(
        _ encoding: Encoding, captureQueryKey: Bool = false, keep: KeptAttention = .weights,
        progress: ((_ layersDone: Int, _ layers: Int) -> Void)? = nil
    ) throws(RuntimeError) -> AttentionRun {
        let factoredParameters = keep == .queriesAndKeys ? try factoredAttentionParameters() : nil
        let s = encoding.count
        guard s > 0 else { throw .emptyText }
        guard s <= maxTokens else { throw .tooLong(tokens: s, maximum: maxTokens) }
        for id in encoding.ids where !(0..<config.vocabularySize).contains(id) {
            throw .file(path: directory + "/tokenizer.json",
                        problem: "token id \(id) is outside the model's vocabulary of \(config.vocabularySize)")
        }
        let typeIds = encoding.typeIds.map { config.typeVocabularySize > 0 ? min($0, config.typeVocabularySize - 1) : 0 }
        var capture = ForwardCapture(layers: config.layers, heads: config.heads, kvHeads: config.kvHeads, sequence: s,
                                     headSize: config.headSize, queryKey: captureQueryKey,
                                     keep: factoredParameters == nil ? .probabilities : .factored)
        let layers = config.layers
        let report = progress.map { callback in { (done: Int) in callback(done, layers) } }
        switch network {
        case .encoder(let encoder):
            encoder.forward(ids: encoding.ids, typeIds: typeIds, capture: &capture, progress: report)
        case .decoder(let decoder):
            decoder.forward(ids: encoding.ids, capture: &capture, progress: report)
        case .llama(let decoder):
            decoder.forward(ids: encoding.ids, capture: &capture, progress: report)
        }
        let attention: AttentionTensor
        do {
            if let factoredParameters {
                let d = config.headSize
                let queries = try AttentionTensor(shape: [config.layers, config.heads, s, d], values: capture.queries ?? [])
                let keys = try AttentionTensor(shape: [config.layers, config.kvHeads, s, d], values: capture.keys ?? [])
                attention = AttentionTensor(factored: try FactoredAttention(
                    queries: queries, keys: keys, logSumExp: capture.logSumExp ?? [], parameters: factoredParameters))
                return AttentionRun(encoding: encoding, attention: attention, queries: nil, keys: nil, headSize: d)
            }
            attention = try AttentionTensor(shape: [config.layers, config.heads, s, s], values: capture.attention)
        } catch {
            throw .file(path: directory, problem: error.description)
        }
        return AttentionRun(encoding: encoding, attention: attention, queries: capture.queries, keys: capture.keys,
                            headSize: config.headSize)
    }

    /// How this network turns its queries and keys into weights, for factored runs.
    func factoredAttentionParameters() throws(RuntimeError) -> FactoredAttention.Parameters {
        let plain = 1 / Float(config.headSize).squareRoot()
        switch network {
        case .encoder:
            return .init(scale: plain, causal: false)
        case .decoder:
            guard !config.scaleAttentionByInverseLayerIndex else {
                throw .file(path: directory + "/config.json",
                            problem: "scale_attn_by_inverse_layer_idx gives each layer its own scale; keeping queries and keys needs one")
            }
            return .init(scale: config.scaleAttentionWeights ? plain : 1, causal: true)
        case .llama(let decoder):
            let windows = decoder.layers.map(\.window)
            return .init(scale: decoder.attentionScale, causal: true,
                         slidingWindows: windows.allSatisfy { $0 == nil } ? [] : windows, softCap: config.attentionSoftCap)
        }
    }
}

/// What a run keeps of its attention.
public enum KeptAttention: String, Sendable, CaseIterable {
    /// Every weight, `[layers, heads, seq, seq]` in memory.
    case weights
    /// Each head's query and key vectors and each softmax row's normaliser: weights are computed
    /// when read (`FactoredAttention`), so thousands of tokens fit.
    case queriesAndKeys = "qk"
}
