/// A `tokenizer.json` post-processor, decoded by its `type`; types attnviz does not run decode
/// to `unsupported` so the tokenizer can name them.
///
/// ```swift
/// // {"type": "BertProcessing", "cls": ["[CLS]", 101], "sep": ["[SEP]", 102]}
/// // .bert(cls: SpecialPair(token: "[CLS]", id: 101), sep: SpecialPair(token: "[SEP]", id: 102))
/// ```
indirect enum PostProcessorJSON: Decodable, Sendable {
    case bert(cls: SpecialPair?, sep: SpecialPair?)
    case roberta(cls: SpecialPair?, sep: SpecialPair?, trimOffsets: Bool?, addPrefixSpace: Bool?)
    case byteLevel(trimOffsets: Bool?, addPrefixSpace: Bool?)
    case template(single: [TemplatePiece]?, pair: [TemplatePiece]?, specialTokens: [String: SpecialTokens]?)
    case sequence([PostProcessorJSON])
    /// Any other `type`, or none.
    case unsupported(String?)

    /// `["[CLS]", 101]`: a token and its id (either `nil` when malformed).
    struct SpecialPair: Decodable, Sendable, Equatable {
        var token: String?
        var id: Int?

        init(token: String?, id: Int?) {
            self.token = token
            self.id = id
        }

        init(from decoder: any Decoder) throws {
            var list = try decoder.unkeyedContainer()
            token = try? list.decode(String.self)
            id = token == nil ? nil : try? list.decode(Int.self)
            if list.count != 2 { id = nil }
        }
    }

    /// One entry of a template: `{"SpecialToken": {"id": "[CLS]", "type_id": 0}}` or
    /// `{"Sequence": {"id": "A", "type_id": 0}}`.
    struct TemplatePiece: Codable, Sendable, Equatable {
        struct Reference: Codable, Sendable, Equatable {
            var id: String?
            var typeId: Int?

            enum CodingKeys: String, CodingKey {
                case id, typeId = "type_id"
            }
        }

        var specialToken: Reference?
        var sequence: Reference?

        enum CodingKeys: String, CodingKey {
            case specialToken = "SpecialToken", sequence = "Sequence"
        }
    }

    /// A `special_tokens` entry of a template: the ids and token strings one name stands for.
    struct SpecialTokens: Codable, Sendable, Equatable {
        var ids: [Int]?
        var tokens: [String]?
    }

    private enum Keys: String, CodingKey {
        case type, cls, sep, trimOffsets = "trim_offsets", addPrefixSpace = "add_prefix_space"
        case single, pair, specialTokens = "special_tokens", processors
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decodeIfPresent(String.self, forKey: .type)
        switch type {
        case "BertProcessing":
            self = .bert(cls: try c.decodeIfPresent(SpecialPair.self, forKey: .cls), sep: try c.decodeIfPresent(SpecialPair.self, forKey: .sep))
        case "RobertaProcessing":
            self = .roberta(cls: try c.decodeIfPresent(SpecialPair.self, forKey: .cls), sep: try c.decodeIfPresent(SpecialPair.self, forKey: .sep),
                            trimOffsets: try c.decodeIfPresent(Bool.self, forKey: .trimOffsets),
                            addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace))
        case "ByteLevel":
            self = .byteLevel(trimOffsets: try c.decodeIfPresent(Bool.self, forKey: .trimOffsets),
                              addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace))
        case "TemplateProcessing":
            self = .template(single: try c.decodeIfPresent([TemplatePiece].self, forKey: .single),
                             pair: try c.decodeIfPresent([TemplatePiece].self, forKey: .pair),
                             specialTokens: try c.decodeIfPresent([String: SpecialTokens].self, forKey: .specialTokens))
        case "Sequence": self = .sequence(try c.decodeIfPresent([PostProcessorJSON].self, forKey: .processors) ?? [])
        default: self = .unsupported(type)
        }
    }
}
