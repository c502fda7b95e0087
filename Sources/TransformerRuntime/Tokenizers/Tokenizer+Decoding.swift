/// From ids back to text: the vocabulary string of an id, the text a run of ids decodes to
/// (byte-level pieces joined as bytes, then read as UTF-8), and an `Encoding` for ids the model
/// produced (generation), shaped like one `encode` returns.
///
/// ```swift
/// tokenizer.token(for: 504)              // "Ġquick"
/// tokenizer.decode([504, 8023])          // " quick brown"
/// let e = tokenizer.encoding(ids: ids)   // tokens and display strings for every id
/// ```
extension Tokenizer {
    /// The vocabulary string (or added token) of `id`, or `nil` when no token has it.
    public func token(for id: Int) -> String? {
        idToToken.indices.contains(id) ? idToToken[id] : nil
    }

    /// The text of `ids`: byte-level pieces joined byte by byte and decoded as UTF-8 (invalid
    /// sequences become U+FFFD), WordPiece's `##` joined to the previous piece.
    public func decode(_ ids: [Int]) -> String {
        var bytes = [UInt8]()
        var text = ""
        func flush() {
            if !bytes.isEmpty { text += String(decoding: bytes, as: UTF8.self); bytes.removeAll() }
        }
        for id in ids {
            guard let token = token(for: id) else { continue }
            switch model {
            case .bpe(let bpe) where !bpe.byteLevel && !isAddedToken(id):
                bytes += bpe.bytes(of: token) ?? []
            case .bpe where !isAddedToken(id):
                for scalar in token.unicodeScalars {
                    if let byte = BPEModel.scalarToByte[scalar] { bytes.append(byte) } else { flush(); text.unicodeScalars.append(scalar) }
                }
            case .wordPiece where token.hasPrefix("##"):
                flush()
                text += token.dropFirst(2)
            default:
                flush()
                if case .wordPiece = model, !text.isEmpty { text += " " }
                text += token
            }
        }
        flush()
        return text
    }

    /// An encoding of `ids` as one text (no pair): tokens, display strings, no offsets.
    public func encoding(ids: [Int]) -> Encoding {
        var e = Encoding(ids: [], tokens: [], typeIds: [], sequenceIds: [], offsets: [], pairStart: nil,
                         untruncatedCount: nil, displayTokens: [])
        for id in ids {
            let token = token(for: id) ?? "<\(id)>"
            let special = isAddedToken(id)
            e.ids.append(id)
            e.tokens.append(token)
            e.displayTokens.append(token)
            e.typeIds.append(0)
            e.sequenceIds.append(special ? nil : 0)
            e.offsets.append(0..<0)
        }
        if case .bpe = model { e.displayTokens = readableTokens(e) }
        return e
    }

    /// For each token of `e`, its raw bytes in hex (`e6 ad`) when they are not whole UTF-8
    /// characters on their own (a character split over tokens, shown `武…`), else `""`: what the
    /// explorer's tooltip shows for partial tokens.
    public func partialCharacterBytes(_ e: Encoding) -> [String] {
        guard case .bpe(let bpe) = model else { return e.ids.map { _ in "" } }
        return zip(e.ids, e.tokens).map { id, token in
            guard !isAddedToken(id), let bytes = bpe.bytes(of: token), !bytes.isEmpty,
                  String(validating: bytes, as: UTF8.self) == nil else { return "" }
            return bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
        }
    }

    /// Ids the tokenizer knows: the vocabulary and the added tokens.
    public var vocabularyCount: Int { idToToken.count }

    /// Whether `id` is one of the file's added (special) tokens.
    func isAddedToken(_ id: Int) -> Bool { addedTokens.contains { $0.id == id } }

    /// Every id's string: the model's vocabulary, then added tokens over it.
    static func tokenTable(model: SubwordModel, addedTokens: [AddedToken]) -> [String] {
        let vocabulary: [String: Int]
        switch model {
        case .wordPiece(let wp): vocabulary = wp.vocabulary
        case .bpe(let bpe): vocabulary = bpe.vocabulary
        }
        let largest = max(vocabulary.values.max() ?? -1, addedTokens.map(\.id).max() ?? -1)
        guard largest >= 0, largest < 1 << 24 else { return [] }
        var table = [String](repeating: "", count: largest + 1)
        for (token, id) in vocabulary { table[id] = token }
        for added in addedTokens { table[added.id] = String(String.UnicodeScalarView(added.content)) }
        return table
    }
}
