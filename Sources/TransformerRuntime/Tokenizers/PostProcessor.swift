/// Where special tokens go around one text or a pair (`[CLS] A [SEP] B [SEP]`), and the segment
/// id of each part: Hugging Face's `TemplateProcessing`, to which `BertProcessing`,
/// `RobertaProcessing` and `ByteLevel` reduce.
///
/// ```swift
/// let bert = PostProcessor.bert(cls: ("[CLS]", 101), sep: ("[SEP]", 102))
/// bert.specialCount(pair: true)   // 3
/// ```
struct PostProcessor: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case special(tokens: [String], ids: [Int], typeId: Int)
        case sequence(index: Int, typeId: Int)
    }

    var single: [Piece]
    var pair: [Piece]

    /// No special tokens; the second text gets segment 1.
    static let plain = PostProcessor(single: [.sequence(index: 0, typeId: 0)],
                                     pair: [.sequence(index: 0, typeId: 0), .sequence(index: 1, typeId: 1)])

    static func bert(cls: (String, Int), sep: (String, Int)) -> PostProcessor {
        let c = Piece.special(tokens: [cls.0], ids: [cls.1], typeId: 0)
        let s0 = Piece.special(tokens: [sep.0], ids: [sep.1], typeId: 0)
        let s1 = Piece.special(tokens: [sep.0], ids: [sep.1], typeId: 1)
        return PostProcessor(single: [c, .sequence(index: 0, typeId: 0), s0],
                             pair: [c, .sequence(index: 0, typeId: 0), s0, .sequence(index: 1, typeId: 1), s1])
    }

    static func roberta(cls: (String, Int), sep: (String, Int)) -> PostProcessor {
        let c = Piece.special(tokens: [cls.0], ids: [cls.1], typeId: 0)
        let s = Piece.special(tokens: [sep.0], ids: [sep.1], typeId: 0)
        return PostProcessor(single: [c, .sequence(index: 0, typeId: 0), s],
                             pair: [c, .sequence(index: 0, typeId: 0), s, s, .sequence(index: 1, typeId: 0), s])
    }

    /// How many special tokens the template adds.
    func specialCount(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { total, piece in
            if case .special(_, let ids, _) = piece { return total + ids.count }
            return total
        }
    }
}
