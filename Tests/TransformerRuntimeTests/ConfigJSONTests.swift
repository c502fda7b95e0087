import Foundation
import Testing
@testable import TransformerRuntime

/// `config.json` and `tokenizer.json` decode into `Decodable` structs: numbers written as
/// integers or exponents, `null`s, `eos_token_id` as one id or a list, `rope_scaling` variants;
/// a value of the wrong type is one line naming the file and the key.
struct ConfigJSONTests {
    static let llama = """
        {"model_type": "llama", "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
         "hidden_size": 64, "intermediate_size": 128, "max_position_embeddings": 256, "vocab_size": 100,
         "rms_norm_eps": 1e-05, "rope_theta": 500000.0, "eos_token_id": [128001, 128009], "pad_token_id": null,
         "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                          "original_max_position_embeddings": 8192}, "sliding_window": null, "tie_word_embeddings": true}
        """

    static func config(_ text: String) throws(RuntimeError) -> ModelConfig {
        try ModelConfig(json: Data(text.utf8), path: "config.json")
    }

    @Test func numbersNullsListsAndScaling() throws {
        let config = try Self.config(Self.llama)
        #expect(config.layerNormEpsilon == 1e-5)
        #expect(config.ropeTheta == 500_000)
        #expect(config.kvHeads == 2 && config.headSize == 16)
        #expect(config.endOfSequenceTokenId == 128_001)
        #expect(config.ropeScaling == .llama3(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalPositions: 8192))
        #expect(config.slidingWindow == nil)
        let single = try Self.config(Self.llama.replacingOccurrences(of: "[128001, 128009]", with: "2"))
        #expect(single.endOfSequenceTokenId == 2)
        let unscaled = try Self.config(Self.llama.replacingOccurrences(of: #""rope_scaling": {"#, with: #""rope_scaling": null, "x": {"#))
        #expect(unscaled.ropeScaling == nil)
    }

    /// Keys attnviz does not read never fail a file, whatever they hold (transformers writes
    /// `model_max_length` as 1e30 written out in full).
    @Test func keysNotReadAreIgnored() throws {
        let config = try Self.config(Self.llama.replacingOccurrences(of: #""model_type": "llama","#,
                                                                     with: #""model_type": "llama", "model_max_length": 1000000000000000019884624838656, "torch_dtype": ["x", {"y": null}],"#))
        #expect(config.layers == 2)
        let tokenizerConfig = #"{"model_max_length": 1000000000000000019884624838656, "unk_token": {"content": "<unk>", "lstrip": false}, "do_lower_case": false, "strip_accents": null}"#
        let decoded = try DecodableJSONFile.decode(TokenizerConfigJSON.self, from: Data(tokenizerConfig.utf8), path: "tokenizer_config.json")
        #expect(decoded.unkToken?.content == "<unk>" && decoded.doLowerCase == false && decoded.stripAccents == nil && decoded.clsToken == nil)
    }

    @Test func wrongTypesAndBadNumbersNameTheKey() {
        #expect(throws: RuntimeError.file(path: "config.json", problem: "hidden_size must be a number")) {
            try Self.config(Self.llama.replacingOccurrences(of: #""hidden_size": 64"#, with: #""hidden_size": "64""#))
        }
        #expect(throws: RuntimeError.file(path: "config.json", problem: "num_hidden_layers must be a non-negative integer, got 2.5")) {
            try Self.config(Self.llama.replacingOccurrences(of: #""num_hidden_layers": 2"#, with: #""num_hidden_layers": 2.5"#))
        }
        #expect(throws: RuntimeError.file(path: "config.json", problem: "rope_scaling.factor must be a number")) {
            try Self.config(Self.llama.replacingOccurrences(of: #""factor": 8.0"#, with: #""factor": [8]"#))
        }
        #expect(throws: RuntimeError.file(path: "config.json", problem: "not a JSON object")) { try Self.config("[1, 2]") }
        #expect(throws: RuntimeError.self) { try Self.config(#"{"model_type": "llama", "#) }
        do {
            _ = try Self.config(#"{"model_type": "llama", "#)
        } catch {
            #expect(error.description.hasPrefix("config.json: invalid JSON") && !error.description.contains("\n"), "\(error)")
        }
    }

    @Test func tokenizerSectionsDecodeByType() throws {
        let json = """
            {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "Ġ": 3}, "merges": ["a b", ["Ġ", "a"]], "unk_token": null},
             "normalizer": null,
             "pre_tokenizer": {"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true},
                               {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true}]},
             "post_processor": {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "ab", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                                "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                                "special_tokens": {"ab": {"id": "ab", "ids": [2], "tokens": ["ab"]}}},
             "added_tokens": [{"id": 2, "content": "ab", "special": true}]}
            """
        let tokenizer = try Tokenizer(json: Data(json.utf8), path: "tokenizer.json")
        #expect(tokenizer.encode("ab").ids == [2, 2])
        let unknown = json.replacingOccurrences(of: #"{"type": "Digits", "individual_digits": true}"#, with: #"{"type": "Whitespace"}"#)
        #expect(throws: RuntimeError.file(path: "tokenizer.json", problem: "unsupported pre_tokenizer Whitespace; supported: BertPreTokenizer, ByteLevel, Digits, Split, Metaspace, Sequence")) {
            try Tokenizer(json: Data(unknown.utf8), path: "tokenizer.json")
        }
        let badVocab = json.replacingOccurrences(of: #""ab": 2, "Ġ""#, with: #""ab": "2", "Ġ""#)
        #expect(throws: RuntimeError.file(path: "tokenizer.json", problem: "model.vocab.ab must be a number")) {
            try Tokenizer(json: Data(badVocab.utf8), path: "tokenizer.json")
        }
    }
}
