/// A `tokenizer.json` normalizer, decoded by its `type`; types attnviz does not run decode to
/// `unsupported` so the tokenizer can name them.
///
/// ```swift
/// // {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"}, {"type": "NFC"}]}
/// // .sequence([.prepend("▁"), .nfc])
/// ```
indirect enum NormalizerJSON: Decodable, Sendable {
    case bert(cleanText: Bool?, handleChineseChars: Bool?, stripAccents: Bool?, lowercase: Bool?)
    case lowercase
    case stripAccents
    case nfc
    case prepend(String?)
    /// `Replace` with a `{"String": ...}` pattern (`nil` for a regex or none) and its content.
    case replace(pattern: String?, content: String?)
    case sequence([NormalizerJSON])
    /// Any other `type`, or none.
    case unsupported(String?)

    private enum Keys: String, CodingKey {
        case type, cleanText = "clean_text", handleChineseChars = "handle_chinese_chars", stripAccents = "strip_accents"
        case lowercase, prepend, pattern, content, normalizers
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decodeIfPresent(String.self, forKey: .type)
        switch type {
        case "BertNormalizer":
            self = .bert(cleanText: try c.decodeIfPresent(Bool.self, forKey: .cleanText),
                         handleChineseChars: try c.decodeIfPresent(Bool.self, forKey: .handleChineseChars),
                         stripAccents: try c.decodeIfPresent(Bool.self, forKey: .stripAccents),
                         lowercase: try c.decodeIfPresent(Bool.self, forKey: .lowercase))
        case "Lowercase": self = .lowercase
        case "StripAccents": self = .stripAccents
        case "NFC": self = .nfc
        case "Prepend": self = .prepend(try c.decodeIfPresent(String.self, forKey: .prepend))
        case "Replace":
            self = .replace(pattern: try c.decodeIfPresent(SplitPatternJSON.self, forKey: .pattern)?.string,
                            content: try c.decodeIfPresent(String.self, forKey: .content))
        case "Sequence": self = .sequence(try c.decodeIfPresent([NormalizerJSON].self, forKey: .normalizers) ?? [])
        default: self = .unsupported(type)
        }
    }
}

/// A `pattern` of a `Split` pre-tokenizer or `Replace` normalizer: `{"String": ...}` or `{"Regex": ...}`.
struct SplitPatternJSON: Codable, Sendable, Equatable {
    var string: String?
    var regex: String?

    enum CodingKeys: String, CodingKey {
        case string = "String", regex = "Regex"
    }
}
