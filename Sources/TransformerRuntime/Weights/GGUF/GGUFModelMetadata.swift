import Foundation

/// What a GGUF file's metadata says about its model and tokenizer, written as the `config.json`
/// and `tokenizer.json` objects Hugging Face would save, so one parser (and one set of checks)
/// serves both kinds of model. Architectures `llama` (Llama 2/3, SmolLM2, Mistral) and `qwen2`;
/// tokenizers `gpt2` (byte-level BPE) with the `gpt-2` and `smollm` pre-tokenizers.
///
/// ```swift
/// let config = try ModelConfig(json: GGUFModelMetadata.config(of: gguf), path: gguf.path)
/// let tokenizer = try Tokenizer(json: GGUFModelMetadata.tokenizer(of: gguf), path: gguf.path)
/// ```
enum GGUFModelMetadata {
    /// The GGUF architectures attnviz runs.
    static let architectures = ["llama", "qwen2"]

    /// `config.json` keys from the `ARCH.*` metadata.
    static func config(of file: GGUFFile) throws(RuntimeError) -> ConfigJSON {
        guard let architecture = file.architecture else {
            throw .file(path: file.path, problem: "no general.architecture in the metadata")
        }
        guard architectures.contains(architecture) else {
            throw .unsupportedArchitecture(path: file.path, found: "\(architecture) (GGUF; supported: \(architectures.joined(separator: ", ")))")
        }
        func value(_ key: String) -> GGUFValue? { file.metadata["\(architecture).\(key)"] }
        func int(_ key: String) throws(RuntimeError) -> Double {
            guard let n = value(key)?.int else { throw .file(path: file.path, problem: "no integer \(architecture).\(key) in the metadata") }
            return Double(n)
        }
        var config = ConfigJSON()
        config.modelType = architecture
        config.hiddenAct = "silu"
        config.numHiddenLayers = try int("block_count")
        config.hiddenSize = try int("embedding_length")
        config.intermediateSize = try int("feed_forward_length")
        config.numAttentionHeads = try int("attention.head_count")
        config.maxPositionEmbeddings = try int("context_length")
        config.tieWordEmbeddings = file.tensor(named: "output.weight") == nil
        config.numKeyValueHeads = value("attention.head_count_kv")?.int.map(Double.init)
        config.headDim = value("attention.key_length")?.int.map(Double.init)
        config.rmsNormEps = value("attention.layer_norm_rms_epsilon")?.double
        config.ropeTheta = value("rope.freq_base")?.double
        let vocabulary = value("vocab_size")?.int ?? file.metadata["tokenizer.ggml.tokens"]?.array?.count
        guard let vocabulary else { throw .file(path: file.path, problem: "no vocabulary size (\(architecture).vocab_size or tokenizer.ggml.tokens)") }
        config.vocabSize = Double(vocabulary)
        config.eosTokenId = file.metadata["tokenizer.ggml.eos_token_id"]?.int.map { ConfigJSON.TokenIDs([$0]) }
        if let scaling = value("rope.scaling.type")?.string, scaling != "none" {
            guard scaling == "linear", let factor = value("rope.scaling.factor")?.double else {
                throw .file(path: file.path, problem: "rope scaling \(scaling) is not supported for GGUF models (linear is)")
            }
            config.ropeScaling = RopeScalingJSON(ropeType: "linear", factor: factor)
        }
        return config
    }

    /// `tokenizer.json` sections from the `tokenizer.ggml.*` metadata.
    static func tokenizer(of file: GGUFFile) throws(RuntimeError) -> TokenizerJSON {
        func fail(_ problem: String) -> RuntimeError { .file(path: file.path, problem: problem) }
        let model = file.metadata["tokenizer.ggml.model"]?.string ?? "(none)"
        guard model == "gpt2" || model == "llama" else {
            throw fail("tokenizer.ggml.model \(model) is not supported yet (gpt2 byte-level BPE and llama SentencePiece are)")
        }
        guard let tokens = file.metadata["tokenizer.ggml.tokens"]?.strings, !tokens.isEmpty else {
            throw fail("no tokenizer.ggml.tokens string array")
        }
        let types = file.metadata["tokenizer.ggml.token_type"]?.ints ?? []
        var vocabulary = [String: Int](minimumCapacity: tokens.count)
        var added = [TokenizerJSON.AddedToken]()
        for (id, token) in tokens.enumerated() {
            // SentencePiece: the last of a repeated token, as transformers builds it; BPE: the first.
            if model == "llama" || vocabulary[token] == nil { vocabulary[token] = id }
            // 3: control tokens (<|im_start|>), 4: user-defined ones; both match whole in text.
            if id < types.count, types[id] == 3 || types[id] == 4 { added.append(.init(id: id, content: token)) }
        }
        if model == "llama" { return try sentencePiece(of: file, tokens: tokens, vocabulary: vocabulary, added: added) }
        let merges = (file.metadata["tokenizer.ggml.merges"]?.strings ?? []).map { text in
            let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 ? TokenizerJSON.Merge(String(parts[0]), String(parts[1])) : TokenizerJSON.Merge(malformed: text)
        }
        let pre = file.metadata["tokenizer.ggml.pre"]?.string ?? "default"
        let byteLevel = PreTokenizerJSON.byteLevel(addPrefixSpace: false, useRegex: true)
        func split(_ regex: String) -> PreTokenizerJSON {
            .sequence([.split(pattern: SplitPatternJSON(regex: regex), behavior: "Isolated", invert: false),
                       .byteLevel(addPrefixSpace: false, useRegex: false)])
        }
        let preTokenizer: PreTokenizerJSON
        // llama.cpp takes a word whole when the vocabulary has it for Llama 3's pre-tokenizer.
        var ignoreMerges = false
        switch pre {
        case "default", "gpt-2", "gpt2":
            preTokenizer = byteLevel
        case "smollm":
            preTokenizer = .sequence([.digits(individual: true), byteLevel])
        case "llama-bpe", "llama3", "llama-v3", "smaug-bpe", "dbrx", "falcon3":
            preTokenizer = split(SplitPattern.llama3Regex)
            ignoreMerges = true
        case "qwen2", "deepseek-r1-qwen":
            preTokenizer = split(SplitPattern.qwen2Regex)
        default:
            throw fail("tokenizer.ggml.pre \(pre) is not supported yet (gpt-2, smollm, llama-bpe, qwen2 are)")
        }
        let template = try specialTokenTemplate(of: file, tokens: tokens, addsBOSByDefault: false)
        return TokenizerJSON(
            model: .init(type: "BPE", vocab: vocabulary, merges: merges, ignoreMerges: ignoreMerges),
            preTokenizer: preTokenizer,
            postProcessor: template ?? .byteLevel(trimOffsets: true, addPrefixSpace: false),
            addedTokens: added)
    }

    /// A `llama` (SentencePiece) tokenizer as transformers rebuilds it from a GGUF: BPE over
    /// characters with byte fallback, merges recovered from the scores unless the file lists them,
    /// `Metaspace` adding `▁` at the start (unless `add_space_prefix` is false), `<s>` first unless
    /// `add_bos_token` is false.
    private static func sentencePiece(
        of file: GGUFFile, tokens: [String], vocabulary: [String: Int], added: [TokenizerJSON.AddedToken]
    ) throws(RuntimeError) -> TokenizerJSON {
        func fail(_ problem: String) -> RuntimeError { .file(path: file.path, problem: problem) }
        let merges: [TokenizerJSON.Merge]
        if let listed = file.metadata["tokenizer.ggml.merges"]?.strings {
            merges = listed.map { text in
                let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
                return parts.count == 2 ? TokenizerJSON.Merge(parts[0], parts[1]) : TokenizerJSON.Merge(malformed: text)
            }
        } else {
            guard let scores = file.metadata["tokenizer.ggml.scores"]?.floats, scores.count == tokens.count else {
                throw fail("a llama tokenizer needs tokenizer.ggml.scores, one per token, or tokenizer.ggml.merges")
            }
            merges = SentencePieceMerges.generate(tokens: tokens, scores: scores).map { TokenizerJSON.Merge($0.0, $0.1) }
        }
        let unknown = file.metadata["tokenizer.ggml.unknown_token_id"]?.int.flatMap { tokens.indices.contains($0) ? tokens[$0] : nil } ?? "<unk>"
        let prefix = file.metadata["tokenizer.ggml.add_space_prefix"]?.bool ?? true
        return TokenizerJSON(
            model: .init(type: "BPE", vocab: vocabulary, merges: merges, unkToken: unknown, byteFallback: true, fuseUnk: true),
            preTokenizer: .metaspace(replacement: "\u{2581}", prependScheme: prefix ? "first" : "never", addPrefixSpace: nil, split: false),
            postProcessor: try specialTokenTemplate(of: file, tokens: tokens, addsBOSByDefault: true),
            addedTokens: added)
    }

    /// A `TemplateProcessing` post-processor putting the BOS and EOS tokens around each sequence
    /// as `add_bos_token` and `add_eos_token` say (BOS by default for SentencePiece, as transformers'
    /// Llama tokenizer does), or `nil` when neither is added.
    private static func specialTokenTemplate(
        of file: GGUFFile, tokens: [String], addsBOSByDefault: Bool
    ) throws(RuntimeError) -> PostProcessorJSON? {
        func fail(_ problem: String) -> RuntimeError { .file(path: file.path, problem: problem) }
        func special(_ key: String, byDefault: Bool) throws(RuntimeError) -> (id: Int, token: String)? {
            guard file.metadata["tokenizer.ggml.add_\(key)_token"]?.bool ?? byDefault else { return nil }
            guard let id = file.metadata["tokenizer.ggml.\(key)_token_id"]?.int, tokens.indices.contains(id) else {
                throw fail("add_\(key)_token is set but tokenizer.ggml.\(key)_token_id names no token")
            }
            return (id, tokens[id])
        }
        let bos = try special("bos", byDefault: addsBOSByDefault), eos = try special("eos", byDefault: false)
        guard bos != nil || eos != nil else { return nil }
        typealias Piece = PostProcessorJSON.TemplatePiece
        var specials = [String: PostProcessorJSON.SpecialTokens]()
        func piece(_ token: (id: Int, token: String)?) -> [Piece] {
            guard let token else { return [] }
            specials[token.token] = .init(ids: [token.id], tokens: [token.token])
            return [Piece(specialToken: .init(id: token.token, typeId: 0))]
        }
        let a = Piece(sequence: .init(id: "A", typeId: 0))
        let b = Piece(sequence: .init(id: "B", typeId: 0))
        let single = piece(bos) + [a] + piece(eos)
        let pair = piece(bos) + [a] + piece(eos) + piece(bos) + [b] + piece(eos)
        return .template(single: single, pair: pair, specialTokens: specials)
    }
}
