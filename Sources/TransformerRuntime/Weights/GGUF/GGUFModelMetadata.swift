import Foundation

/// What a GGUF file's metadata says about its model and tokenizer, written as the `config.json`
/// and `tokenizer.json` objects Hugging Face would save, so one parser (and one set of checks)
/// serves both kinds of model. Architectures `llama` (Llama 2/3, SmolLM2, Mistral) and `qwen2`;
/// tokenizers `gpt2` (byte-level BPE) with the `gpt-2` and `smollm` pre-tokenizers.
///
/// ```swift
/// let config = try ModelConfig(object: GGUFModelMetadata.config(of: gguf), path: gguf.path)
/// let tokenizer = try Tokenizer(object: GGUFModelMetadata.tokenizer(of: gguf), path: gguf.path)
/// ```
enum GGUFModelMetadata {
    /// The GGUF architectures attnviz runs.
    static let architectures = ["llama", "qwen2"]

    /// `config.json` keys from the `ARCH.*` metadata.
    static func config(of file: GGUFFile) throws(RuntimeError) -> [String: Any] {
        guard let architecture = file.architecture else {
            throw .file(path: file.path, problem: "no general.architecture in the metadata")
        }
        guard architectures.contains(architecture) else {
            throw .unsupportedArchitecture(path: file.path, found: "\(architecture) (GGUF; supported: \(architectures.joined(separator: ", ")))")
        }
        func value(_ key: String) -> GGUFValue? { file.metadata["\(architecture).\(key)"] }
        func int(_ key: String) throws(RuntimeError) -> NSNumber {
            guard let n = value(key)?.int else { throw .file(path: file.path, problem: "no integer \(architecture).\(key) in the metadata") }
            return NSNumber(value: n)
        }
        var object: [String: Any] = [
            "model_type": architecture,
            "hidden_act": "silu",
            "num_hidden_layers": try int("block_count"),
            "hidden_size": try int("embedding_length"),
            "intermediate_size": try int("feed_forward_length"),
            "num_attention_heads": try int("attention.head_count"),
            "max_position_embeddings": try int("context_length"),
            "tie_word_embeddings": file.tensor(named: "output.weight") == nil,
        ]
        object["num_key_value_heads"] = value("attention.head_count_kv")?.int.map { NSNumber(value: $0) }
        object["head_dim"] = value("attention.key_length")?.int.map { NSNumber(value: $0) }
        object["rms_norm_eps"] = value("attention.layer_norm_rms_epsilon")?.double.map { NSNumber(value: $0) }
        object["rope_theta"] = value("rope.freq_base")?.double.map { NSNumber(value: $0) }
        let vocabulary = value("vocab_size")?.int ?? file.metadata["tokenizer.ggml.tokens"]?.array?.count
        guard let vocabulary else { throw .file(path: file.path, problem: "no vocabulary size (\(architecture).vocab_size or tokenizer.ggml.tokens)") }
        object["vocab_size"] = NSNumber(value: vocabulary)
        object["eos_token_id"] = file.metadata["tokenizer.ggml.eos_token_id"]?.int.map { NSNumber(value: $0) }
        if let scaling = value("rope.scaling.type")?.string, scaling != "none" {
            guard scaling == "linear", let factor = value("rope.scaling.factor")?.double else {
                throw .file(path: file.path, problem: "rope scaling \(scaling) is not supported for GGUF models (linear is)")
            }
            object["rope_scaling"] = ["rope_type": "linear", "factor": NSNumber(value: factor)] as [String: Any]
        }
        return object
    }

    /// `tokenizer.json` sections from the `tokenizer.ggml.*` metadata.
    static func tokenizer(of file: GGUFFile) throws(RuntimeError) -> [String: Any] {
        func fail(_ problem: String) -> RuntimeError { .file(path: file.path, problem: problem) }
        let model = file.metadata["tokenizer.ggml.model"]?.string ?? "(none)"
        guard model == "gpt2" || model == "llama" else {
            throw fail("tokenizer.ggml.model \(model) is not supported yet (gpt2 byte-level BPE and llama SentencePiece are)")
        }
        guard let tokens = file.metadata["tokenizer.ggml.tokens"]?.strings, !tokens.isEmpty else {
            throw fail("no tokenizer.ggml.tokens string array")
        }
        let types = file.metadata["tokenizer.ggml.token_type"]?.ints ?? []
        var vocabulary = [String: Any](minimumCapacity: tokens.count)
        var added = [[String: Any]]()
        for (id, token) in tokens.enumerated() {
            // SentencePiece: the last of a repeated token, as transformers builds it; BPE: the first.
            if model == "llama" || vocabulary[token] == nil { vocabulary[token] = id }
            // 3: control tokens (<|im_start|>), 4: user-defined ones; both match whole in text.
            if id < types.count, types[id] == 3 || types[id] == 4 { added.append(["content": token, "id": id]) }
        }
        if model == "llama" { return try sentencePiece(of: file, tokens: tokens, vocabulary: vocabulary, added: added) }
        let merges = file.metadata["tokenizer.ggml.merges"]?.strings ?? []
        let pre = file.metadata["tokenizer.ggml.pre"]?.string ?? "default"
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "use_regex": true]
        func split(_ regex: String) -> [String: Any] {
            ["type": "Sequence", "pretokenizers": [
                ["type": "Split", "pattern": ["Regex": regex], "behavior": "Isolated", "invert": false] as [String: Any],
                ["type": "ByteLevel", "add_prefix_space": false, "use_regex": false]]]
        }
        let preTokenizer: [String: Any]
        // llama.cpp takes a word whole when the vocabulary has it for Llama 3's pre-tokenizer.
        var ignoreMerges = false
        switch pre {
        case "default", "gpt-2", "gpt2":
            preTokenizer = byteLevel
        case "smollm":
            preTokenizer = ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true], byteLevel]]
        case "llama-bpe", "llama3", "llama-v3", "smaug-bpe", "dbrx", "falcon3":
            preTokenizer = split(SplitPattern.llama3Regex)
            ignoreMerges = true
        case "qwen2", "deepseek-r1-qwen":
            preTokenizer = split(SplitPattern.qwen2Regex)
        default:
            throw fail("tokenizer.ggml.pre \(pre) is not supported yet (gpt-2, smollm, llama-bpe, qwen2 are)")
        }
        let template = try specialTokenTemplate(of: file, tokens: tokens, addsBOSByDefault: false)
        return [
            "model": ["type": "BPE", "vocab": vocabulary, "merges": merges, "ignore_merges": ignoreMerges] as [String: Any],
            "pre_tokenizer": preTokenizer,
            "added_tokens": added,
            "post_processor": template ?? ["type": "ByteLevel", "trim_offsets": true, "add_prefix_space": false],
        ]
    }

    /// A `llama` (SentencePiece) tokenizer as transformers rebuilds it from a GGUF: BPE over
    /// characters with byte fallback, merges recovered from the scores unless the file lists them,
    /// `Metaspace` adding `▁` at the start (unless `add_space_prefix` is false), `<s>` first unless
    /// `add_bos_token` is false.
    private static func sentencePiece(
        of file: GGUFFile, tokens: [String], vocabulary: [String: Any], added: [[String: Any]]
    ) throws(RuntimeError) -> [String: Any] {
        func fail(_ problem: String) -> RuntimeError { .file(path: file.path, problem: problem) }
        let merges: [[String]]
        if let listed = file.metadata["tokenizer.ggml.merges"]?.strings {
            merges = listed.map { $0.split(separator: " ", maxSplits: 1).map(String.init) }
        } else {
            guard let scores = file.metadata["tokenizer.ggml.scores"]?.floats, scores.count == tokens.count else {
                throw fail("a llama tokenizer needs tokenizer.ggml.scores, one per token, or tokenizer.ggml.merges")
            }
            merges = SentencePieceMerges.generate(tokens: tokens, scores: scores).map { [$0.0, $0.1] }
        }
        let unknown = file.metadata["tokenizer.ggml.unknown_token_id"]?.int.flatMap { tokens.indices.contains($0) ? tokens[$0] : nil } ?? "<unk>"
        let prefix = file.metadata["tokenizer.ggml.add_space_prefix"]?.bool ?? true
        var object: [String: Any] = [
            "model": ["type": "BPE", "vocab": vocabulary, "merges": merges, "byte_fallback": true, "fuse_unk": true,
                      "unk_token": unknown] as [String: Any],
            "pre_tokenizer": ["type": "Metaspace", "replacement": "\u{2581}", "prepend_scheme": prefix ? "first" : "never",
                              "split": false] as [String: Any],
            "added_tokens": added,
        ]
        object["post_processor"] = try specialTokenTemplate(of: file, tokens: tokens, addsBOSByDefault: true)
        return object
    }

    /// A `TemplateProcessing` post-processor putting the BOS and EOS tokens around each sequence
    /// as `add_bos_token` and `add_eos_token` say (BOS by default for SentencePiece, as transformers'
    /// Llama tokenizer does), or `nil` when neither is added.
    private static func specialTokenTemplate(
        of file: GGUFFile, tokens: [String], addsBOSByDefault: Bool
    ) throws(RuntimeError) -> [String: Any]? {
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
        do {
            var specials = [String: Any]()
            func piece(_ token: (id: Int, token: String)?) -> [[String: Any]] {
                guard let token else { return [] }
                specials[token.token] = ["ids": [token.id], "tokens": [token.token]]
                return [["SpecialToken": ["id": token.token, "type_id": 0] as [String: Any]]]
            }
            let a = ["Sequence": ["id": "A", "type_id": 0] as [String: Any]]
            let b = ["Sequence": ["id": "B", "type_id": 0] as [String: Any]]
            return [
                "type": "TemplateProcessing",
                "single": piece(bos) + [a] + piece(eos),
                "pair": piece(bos) + [a] + piece(eos) + piece(bos) + [b] + piece(eos),
                "special_tokens": specials,
            ]
        }
    }
}
