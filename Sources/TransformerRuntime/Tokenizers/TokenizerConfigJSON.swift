/// The keys of a `tokenizer_config.json` that a WordPiece vocabulary (`vocab.txt`) needs: its
/// special tokens and BERT normaliser switches.
///
/// ```swift
/// let config = try DecodableJSONFile.read(TokenizerConfigJSON.self, from: "model/tokenizer_config.json")
/// config.unkToken ?? "[UNK]"
/// ```
struct TokenizerConfigJSON: Decodable, Sendable, Equatable {
    var unkToken: SpecialToken?
    var clsToken: SpecialToken?
    var sepToken: SpecialToken?
    var padToken: SpecialToken?
    var maskToken: SpecialToken?
    var tokenizeChineseChars: Bool?
    var stripAccents: Bool?
    var doLowerCase: Bool?

    enum CodingKeys: String, CodingKey {
        case unkToken = "unk_token", clsToken = "cls_token", sepToken = "sep_token", padToken = "pad_token", maskToken = "mask_token"
        case tokenizeChineseChars = "tokenize_chinese_chars", stripAccents = "strip_accents", doLowerCase = "do_lower_case"
    }

    /// A special token as a plain string, or an `AddedToken` object `{"content": ...}` (older
    /// transformers write those); anything else counts as absent.
    struct SpecialToken: Decodable, Sendable, Equatable {
        var content: String?

        private enum Keys: String, CodingKey { case content }

        init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                content = text
            } else {
                content = try? decoder.container(keyedBy: Keys.self).decodeIfPresent(String.self, forKey: .content)
            }
        }
    }
}
