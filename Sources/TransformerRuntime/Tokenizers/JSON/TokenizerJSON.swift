import Foundation

/// The parts of a Hugging Face `tokenizer.json` that `Tokenizer` reads: the subword model, the
/// normaliser, pre-tokeniser and post-processor (each decoded by its `type`), and the added
/// tokens. Absent and `null` sections are `nil`; a section of the wrong shape is a one-line error
/// naming its key. GGUF tokenizer metadata is written into the same struct.
///
/// ```swift
/// let json = try TokenizerJSON.read("gpt2/tokenizer.json")
/// json.model?.type                 // "BPE"
/// json.preTokenizer                // .byteLevel(addPrefixSpace: false, useRegex: true, ...)
/// ```
struct TokenizerJSON: Decodable, Sendable {
    var model: Model?
    var normalizer: NormalizerJSON?
    var preTokenizer: PreTokenizerJSON?
    var postProcessor: PostProcessorJSON?
    var addedTokens: [AddedToken]?

    enum CodingKeys: String, CodingKey {
        case model, normalizer, preTokenizer = "pre_tokenizer", postProcessor = "post_processor", addedTokens = "added_tokens"
    }

    /// The subword model: `WordPiece` or `BPE` (its `type`, or BPE when it has merges).
    struct Model: Decodable, Sendable {
        var type: String?
        var vocab: [String: Int]?
        var merges: [Merge]?
        var unkToken: String?
        var continuingSubwordPrefix: String?
        var endOfWordSuffix: String?
        var maxInputCharsPerWord: Int?
        var ignoreMerges: Bool?
        var byteFallback: Bool?
        var fuseUnk: Bool?

        enum CodingKeys: String, CodingKey {
            case type, vocab, merges, unkToken = "unk_token", continuingSubwordPrefix = "continuing_subword_prefix"
            case endOfWordSuffix = "end_of_word_suffix", maxInputCharsPerWord = "max_input_chars_per_word"
            case ignoreMerges = "ignore_merges", byteFallback = "byte_fallback", fuseUnk = "fuse_unk"
        }

        /// `type`, else BPE when merges are listed, else WordPiece.
        var kind: String { type ?? (merges != nil ? "BPE" : "WordPiece") }
    }

    /// One BPE merge: `"a b"` (older files) or `["a", "b"]`; `pair` is `nil` when malformed.
    struct Merge: Decodable, Sendable {
        var pair: (String, String)?
        /// The merge as written, for messages.
        var text: String

        init(_ first: String, _ second: String) {
            pair = (first, second)
            text = "\(first) \(second)"
        }

        /// A merge that does not split into two parts.
        init(malformed text: String) {
            pair = nil
            self.text = text
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                pair = parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
                self.text = text
            } else if let list = try? container.decode([String].self) {
                pair = list.count == 2 ? (list[0], list[1]) : nil
                text = list.joined(separator: " ")
            } else {
                pair = nil
                text = "(not a string or a pair of strings)"
            }
        }
    }

    /// One `added_tokens` entry: text matched whole before the model runs.
    struct AddedToken: Decodable, Sendable {
        var id: Int?
        var content: String?
    }

    /// Reads the file at `path`.
    static func read(_ path: String) throws(RuntimeError) -> TokenizerJSON {
        try DecodableJSONFile.read(TokenizerJSON.self, from: path)
    }

    /// Decodes `data`; `path` names the file in the one-line error.
    static func decode(_ data: Data, path: String) throws(RuntimeError) -> TokenizerJSON {
        try DecodableJSONFile.decode(TokenizerJSON.self, from: data, path: path)
    }
}
