/// A `tokenizer.json` pre-tokenizer, decoded by its `type`; types attnviz does not run decode to
/// `unsupported` so the tokenizer can name them.
///
/// ```swift
/// // {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true}
/// // .byteLevel(addPrefixSpace: false, useRegex: true)
/// ```
indirect enum PreTokenizerJSON: Decodable, Sendable {
    case bert
    case byteLevel(addPrefixSpace: Bool?, useRegex: Bool?)
    case digits(individual: Bool?)
    case split(pattern: SplitPatternJSON?, behavior: String?, invert: Bool?)
    case metaspace(replacement: String?, prependScheme: String?, addPrefixSpace: Bool?, split: Bool?)
    case sequence([PreTokenizerJSON])
    /// Any other `type`, or none.
    case unsupported(String?)

    private enum Keys: String, CodingKey {
        case type, addPrefixSpace = "add_prefix_space", useRegex = "use_regex", individualDigits = "individual_digits"
        case pattern, behavior, invert, replacement, prependScheme = "prepend_scheme", split, pretokenizers
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decodeIfPresent(String.self, forKey: .type)
        switch type {
        case "BertPreTokenizer": self = .bert
        case "ByteLevel":
            self = .byteLevel(addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace),
                              useRegex: try c.decodeIfPresent(Bool.self, forKey: .useRegex))
        case "Digits": self = .digits(individual: try c.decodeIfPresent(Bool.self, forKey: .individualDigits))
        case "Split":
            self = .split(pattern: try c.decodeIfPresent(SplitPatternJSON.self, forKey: .pattern),
                          behavior: try c.decodeIfPresent(String.self, forKey: .behavior),
                          invert: try c.decodeIfPresent(Bool.self, forKey: .invert))
        case "Metaspace":
            self = .metaspace(replacement: try c.decodeIfPresent(String.self, forKey: .replacement),
                              prependScheme: try c.decodeIfPresent(String.self, forKey: .prependScheme),
                              addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace),
                              split: try c.decodeIfPresent(Bool.self, forKey: .split))
        case "Sequence": self = .sequence(try c.decodeIfPresent([PreTokenizerJSON].self, forKey: .pretokenizers) ?? [])
        default: self = .unsupported(type)
        }
    }
}
