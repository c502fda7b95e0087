import Foundation

/// A tokenizer read from a Hugging Face `tokenizer.json`: WordPiece with BERT's normaliser
/// (BERT, MiniLM, DistilBERT) or byte-level BPE with GPT-2's pre-tokenisation (GPT-2,
/// RoBERTa), with the file's special tokens and post-processing template.
///
/// ```swift
/// let tokenizer = try Tokenizer(contentsOf: "all-MiniLM-L6-v2/tokenizer.json")
/// let e = tokenizer.encode("武汉市长江大桥", maxLength: 512)
/// e.tokens   // ["[CLS]", "武", "汉", "市", "长", "江", "大", "桥", "[SEP]"]
/// ```
public struct Tokenizer: Sendable {
    enum SubwordModel: Sendable {
        case wordPiece(WordPiece)
        case bpe(BPEModel)
    }

    struct AddedToken: Sendable {
        var content: [Unicode.Scalar]
        var id: Int
    }

    var normalizers: [TextNormalizer]
    var preTokenizer: PreTokenizer?
    var model: SubwordModel
    var postProcessor: PostProcessor
    var addedTokens: [AddedToken]
    /// Trim spaces from byte-level token offsets (`Ġthe` covers `the`), as the post-processor
    /// says; `keepsFirstSpace` is its `add_prefix_space`, which keeps one space on the first token.
    var trimOffsets: Bool
    var keepsFirstSpace: Bool
    /// The string of every id (see `token(for:)`).
    var idToToken: [String]

    /// Reads `tokenizer.json`.
    public init(contentsOf path: String) throws(RuntimeError) {
        try self.init(json: TokenizerJSON.read(path), path: path)
    }

    /// Parses the contents of a `tokenizer.json`; `path` names it in errors.
    public init(json data: Data, path: String) throws(RuntimeError) {
        try self.init(json: TokenizerJSON.decode(data, path: path), path: path)
    }

    /// Builds the tokenizer a decoded `tokenizer.json` (or GGUF metadata in its terms) describes.
    init(json root: TokenizerJSON, path: String) throws(RuntimeError) {
        let reader = JSONReader(path: path)
        guard let modelObject = root.model else { throw reader.fail("no \"model\" object") }
        let modelType = modelObject.kind
        guard let vocab = modelObject.vocab else { throw reader.fail("model has no \"vocab\" object") }
        if let (token, _) = vocab.first(where: { $0.value < 0 }) {
            throw reader.fail("vocab entry \(token.debugDescription) has no non-negative integer id")
        }

        switch modelType {
        case "WordPiece":
            guard let unknown = modelObject.unkToken else { throw reader.fail("WordPiece model without unk_token") }
            var wp = WordPiece(vocabulary: vocab, unknownToken: unknown)
            if let prefix = modelObject.continuingSubwordPrefix { wp.continuingSubwordPrefix = prefix }
            if let maxChars = modelObject.maxInputCharsPerWord { wp.maxInputCharsPerWord = maxChars }
            model = .wordPiece(wp)
        case "BPE":
            guard let mergeList = modelObject.merges else { throw reader.fail("BPE model without \"merges\"") }
            var merges = [(String, String)]()
            merges.reserveCapacity(mergeList.count)
            for entry in mergeList {
                guard let pair = entry.pair else { throw reader.fail("malformed merge \(entry.text.debugDescription)") }
                merges.append(pair)
            }
            for (key, value) in [("continuing_subword_prefix", modelObject.continuingSubwordPrefix), ("end_of_word_suffix", modelObject.endOfWordSuffix)] {
                if let value, !value.isEmpty {
                    throw reader.fail("BPE option \(key) is not supported")
                }
            }
            var bpe = BPEModel(
                vocabulary: vocab, merges: merges,
                ignoreMerges: modelObject.ignoreMerges ?? false,
                unknownToken: modelObject.unkToken)
            bpe.byteFallback = modelObject.byteFallback ?? false
            bpe.fuseUnknown = modelObject.fuseUnk ?? false
            model = .bpe(bpe)
        default:
            throw reader.fail("unsupported tokenizer model \(modelType); supported: WordPiece, BPE")
        }

        normalizers = try Self.normalizers(root.normalizer, reader)
        preTokenizer = try Self.preTokenizer(root.preTokenizer, reader)
        if case .bpe(var bpe) = model {
            // Byte-level BPE (GPT-2, Llama 3, Qwen2) behind a ByteLevel step; otherwise
            // SentencePiece-style BPE over characters (Llama 2, Mistral, Gemma).
            bpe.byteLevel = preTokenizer?.isByteLevel ?? false
            if !bpe.byteLevel && !bpe.byteFallback && bpe.unknownToken == nil {
                throw reader.fail("BPE over characters needs byte_fallback or an unk_token (or a ByteLevel pre_tokenizer)")
            }
            model = .bpe(bpe)
        }

        addedTokens = []
        for token in root.addedTokens ?? [] {
            guard let content = token.content, let id = token.id, !content.isEmpty else {
                throw reader.fail("malformed added_tokens entry")
            }
            addedTokens.append(AddedToken(content: Array(content.unicodeScalars), id: id))
        }
        // Longest first, so matching takes the longest token at a position.
        addedTokens.sort { $0.content.count > $1.content.count }

        (postProcessor, trimOffsets, keepsFirstSpace) = try Self.postProcessor(root.postProcessor, vocab: vocab, reader)
        idToToken = Self.tokenTable(model: model, addedTokens: addedTokens)
    }

    // MARK: - Encoding

    /// Tokenises `text` (and `pair`, as the second segment), adds the special tokens, and
    /// truncates to `maxLength` tokens when given (longest text first for pairs).
    public func encode(_ text: String, pair: String? = nil, maxLength: Int? = nil) -> Encoding {
        var first = encodeSequence(text)
        var second = pair.map(encodeSequence)
        let untruncated = first.count + (second?.count ?? 0) + postProcessor.specialCount(pair: pair != nil)
        var truncated = false
        if let maxLength, untruncated > maxLength {
            truncated = true
            let budget = max(0, maxLength - postProcessor.specialCount(pair: pair != nil))
            if second == nil {
                first.removeLast(max(0, first.count - budget))
            } else if var rest = second {
                while first.count + rest.count > budget {
                    if first.count > rest.count { first.removeLast() } else { rest.removeLast() }
                }
                second = rest
            }
        }

        var e = Encoding(ids: [], tokens: [], typeIds: [], sequenceIds: [], offsets: [], pairStart: nil,
                         untruncatedCount: truncated ? untruncated : nil, displayTokens: [])
        let sequences = [first] + (second.map { [$0] } ?? [])
        for piece in (pair == nil ? postProcessor.single : postProcessor.pair) {
            switch piece {
            case .special(let tokens, let ids, let typeId):
                for (token, id) in zip(tokens, ids) {
                    e.ids.append(id)
                    e.tokens.append(token)
                    e.displayTokens.append(token)
                    e.typeIds.append(typeId)
                    e.sequenceIds.append(nil)
                    e.offsets.append(0..<0)
                }
            case .sequence(let index, let typeId):
                guard index < sequences.count else { continue }
                if index == 1 { e.pairStart = e.ids.count }
                for token in sequences[index] {
                    e.ids.append(token.id)
                    e.tokens.append(token.token)
                    e.displayTokens.append(token.display)
                    e.typeIds.append(typeId)
                    e.sequenceIds.append(index)
                    e.offsets.append(token.offsets)
                }
            }
        }
        if case .bpe = model { e.displayTokens = readableTokens(e) }
        return e
    }

    /// Display strings of a byte-level encoding read in context (characters split over tokens
    /// shown whole, marked partial); special tokens as they are.
    func readableTokens(_ e: Encoding) -> [String] {
        guard case .bpe(let bpe) = model else { return e.tokens }
        return BPEModel.readable(e.tokens, bytes: zip(e.ids, e.tokens).map { isAddedToken($0) ? nil : bpe.bytes(of: $1) })
    }

    /// The number of tokens `encode` adds around one text (`true`: around a pair).
    public func specialTokenCount(pair: Bool) -> Int { postProcessor.specialCount(pair: pair) }

    struct Piece {
        var token: String
        var id: Int
        var offsets: Range<Int>
        var display: String
    }

    /// One text without special tokens around it.
    func encodeSequence(_ text: String) -> [Piece] {
        let scalars = Array(text.unicodeScalars)
        var pieces = [Piece]()
        var chunkStart = 0
        var i = 0
        func flush(_ end: Int) {
            if end > chunkStart { pieces += encodeChunk(scalars, chunkStart..<end) }
        }
        while i < scalars.count {
            if let added = addedTokens.first(where: { Self.matches($0.content, scalars, at: i) }) {
                flush(i)
                let content = String(String.UnicodeScalarView(added.content))
                pieces.append(Piece(token: content, id: added.id, offsets: i..<(i + added.content.count), display: content))
                i += added.content.count
                chunkStart = i
            } else {
                i += 1
            }
        }
        flush(scalars.count)
        return pieces
    }

    private static func matches(_ needle: [Unicode.Scalar], _ haystack: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + needle.count <= haystack.count else { return false }
        for (k, c) in needle.enumerated() where haystack[i + k] != c { return false }
        return true
    }

    private func encodeChunk(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> [Piece] {
        var text = NormalizedText(scalars: Array(scalars[range]), origins: Array(range))
        for normalizer in normalizers { normalizer.normalize(&text) }
        let words = preTokenizer?.split(text) ?? (text.isEmpty ? [] : [text])
        var pieces = [Piece]()
        for word in words where !word.isEmpty {
            switch model {
            case .wordPiece(let wp):
                for p in wp.tokenize(word) {
                    pieces.append(Piece(token: p.token, id: p.id, offsets: word.originalRange(of: p.range), display: p.token))
                }
            case .bpe(let bpe):
                for p in bpe.tokenize(word) {
                    var range = word.originalRange(of: p.range)
                    if trimOffsets { range = trimmed(range, token: p.token) }
                    // Display strings are read in context over the whole encoding (`readableTokens`).
                    pieces.append(Piece(token: p.token, id: p.id, offsets: range, display: p.token))
                }
            }
        }
        return pieces
    }

    /// Hugging Face's `ByteLevel` offset trimming: offsets skip the token's leading and trailing
    /// `Ġ` (a space), so `Ġthe` points at `the` and a lone `Ġ` at an empty range.
    private func trimmed(_ range: Range<Int>, token: String) -> Range<Int> {
        let space = BPEModel.byteToScalar[32]
        let scalars = Array(token.unicodeScalars)
        var leading = scalars.prefix { $0 == space }.count
        let trailing = scalars.reversed().prefix { $0 == space }.count
        var start = range.lowerBound
        var end = range.upperBound
        if leading > 0 {
            if keepsFirstSpace, start == 0, leading == 1 { leading = 0 }
            start = min(start + leading, end)
        }
        if trailing > 0 && end >= trailing { end = max(end - trailing, start) }
        return start..<end
    }

    // MARK: - tokenizer.json sections

    struct JSONReader {
        var path: String
        func fail(_ problem: String) -> RuntimeError { .file(path: path, problem: problem) }
    }

    private static func normalizers(_ value: NormalizerJSON?, _ reader: JSONReader) throws(RuntimeError) -> [TextNormalizer] {
        guard let value else { return [] }
        switch value {
        case .bert(let cleanText, let handleChineseChars, let stripAccents, let lowercase):
            return [.bert(BertNormalizer(
                cleanText: cleanText ?? true,
                handleChineseChars: handleChineseChars ?? true,
                stripAccents: stripAccents,
                lowercase: lowercase ?? true))]
        case .lowercase:
            return [.bert(BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: true))]
        case .stripAccents:
            return [.bert(BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false))]
        case .nfc:
            return [.nfc]
        case .prepend(let prefix):
            guard let prefix else { throw reader.fail("Prepend normalizer without \"prepend\"") }
            return [.prepend(Array(prefix.unicodeScalars))]
        case .replace(let pattern, let content):
            guard let pattern, let content else {
                throw reader.fail("Replace normalizer needs a String pattern and a content (Regex patterns are not supported)")
            }
            return [.replace(pattern: Array(pattern.unicodeScalars), content: Array(content.unicodeScalars))]
        case .sequence(let items):
            var all = [TextNormalizer]()
            for item in items { all += try normalizers(item, reader) }
            return all
        case .unsupported(let other):
            throw reader.fail("unsupported normalizer \(other ?? "without type"); supported: BertNormalizer, Lowercase, StripAccents, NFC, Prepend, Replace, Sequence")
        }
    }

    private static func preTokenizer(_ value: PreTokenizerJSON?, _ reader: JSONReader) throws(RuntimeError) -> PreTokenizer? {
        guard let value else { return nil }
        switch value {
        case .bert:
            return .bert
        case .byteLevel(let addPrefixSpace, let useRegex):
            return .byteLevel(addPrefixSpace: addPrefixSpace ?? false, useRegex: useRegex ?? true)
        case .digits(let individual):
            return .digits(individual: individual ?? false)
        case .split(let pattern, let behavior, let invert) where pattern?.string != nil:
            guard let behavior = behavior.flatMap(PreTokenizer.StringSplitBehavior.init(rawValue:)), invert != true else {
                throw reader.fail("Split pre_tokenizer on a string needs behavior Removed, Isolated, MergedWithPrevious or MergedWithNext")
            }
            return .splitOnString(Array((pattern?.string ?? "").unicodeScalars), behavior: behavior)
        case .split(let pattern, let behavior, let invert):
            guard let regex = pattern?.regex, let split = SplitPattern(regex: regex) else {
                throw reader.fail("Split pre_tokenizer pattern is not one attnviz knows (GPT-2's, Llama 3's, Qwen2's)")
            }
            guard behavior == "Isolated", invert != true else {
                throw reader.fail("Split pre_tokenizer must isolate its matches (behavior Isolated, invert false)")
            }
            return .split(split)
        case .metaspace(let replacement, let prependScheme, let addPrefixSpace, let split):
            guard let scalars = replacement?.unicodeScalars, scalars.count == 1, let scalar = scalars.first else {
                throw reader.fail("Metaspace replacement must be one character")
            }
            let scheme = prependScheme.flatMap(PreTokenizer.MetaspacePrepend.init(rawValue:))
                ?? ((addPrefixSpace ?? true) ? .always : .never)
            return .metaspace(replacement: scalar, prepend: scheme, split: split ?? true)
        case .sequence(let items):
            var steps = [PreTokenizer]()
            for item in items.prefix(16) {
                if let step = try preTokenizer(item, reader) { steps.append(step) }
            }
            return steps.count == 1 ? steps[0] : .sequence(steps)
        case .unsupported(let other):
            throw reader.fail("unsupported pre_tokenizer \(other ?? "without type"); supported: BertPreTokenizer, ByteLevel, Digits, Split, Metaspace, Sequence")
        }
    }

    private static func postProcessor(_ value: PostProcessorJSON?, vocab: [String: Int], _ reader: JSONReader) throws(RuntimeError) -> (PostProcessor, trim: Bool, keepFirstSpace: Bool) {
        guard let value else { return (.plain, false, false) }
        func special(_ pair: PostProcessorJSON.SpecialPair?, _ key: String) throws(RuntimeError) -> (String, Int) {
            guard let token = pair?.token, let id = pair?.id else { throw reader.fail("post_processor has no valid \(key)") }
            return (token, id)
        }
        switch value {
        case .sequence(let items):
            // Llama 3: ByteLevel (offset trimming) then TemplateProcessing (special tokens).
            var result: (PostProcessor, trim: Bool, keepFirstSpace: Bool) = (.plain, false, false)
            var templated = false
            for item in items.prefix(8) {
                let step = try postProcessor(item, vocab: vocab, reader)
                if case .byteLevel = item {
                    (result.trim, result.keepFirstSpace) = (step.trim, step.keepFirstSpace)
                } else if templated {
                    throw reader.fail("post_processor Sequence with more than one template is not supported")
                } else {
                    result.0 = step.0
                    templated = true
                }
            }
            return result
        case .bert(let cls, let sep):
            return (.bert(cls: try special(cls, "cls"), sep: try special(sep, "sep")), false, false)
        case .roberta(let cls, let sep, let trim, let keepFirstSpace):
            return (.roberta(cls: try special(cls, "cls"), sep: try special(sep, "sep")), trim ?? true, keepFirstSpace ?? true)
        case .byteLevel(let trim, let keepFirstSpace):
            return (.plain, trim ?? true, keepFirstSpace ?? true)
        case .template(let single, let pair, let specialTokens):
            let specials = specialTokens ?? [:]
            func template(_ items: [PostProcessorJSON.TemplatePiece]?, _ key: String) throws(RuntimeError) -> [PostProcessor.Piece] {
                guard let items else { throw reader.fail("post_processor has no \(key) template") }
                var pieces = [PostProcessor.Piece]()
                for item in items {
                    if let s = item.specialToken, let name = s.id {
                        guard let entry = specials[name], let ids = entry.ids, let tokens = entry.tokens else {
                            throw reader.fail("post_processor special token \(name.debugDescription) is not defined")
                        }
                        pieces.append(.special(tokens: tokens, ids: ids, typeId: s.typeId ?? 0))
                    } else if let s = item.sequence, let name = s.id {
                        pieces.append(.sequence(index: name == "B" ? 1 : 0, typeId: s.typeId ?? 0))
                    } else {
                        throw reader.fail("malformed \(key) template entry")
                    }
                }
                return pieces
            }
            return (PostProcessor(single: try template(single, "single"), pair: try template(pair, "pair")), false, false)
        case .unsupported(let other):
            throw reader.fail("unsupported post_processor \(other ?? "without type"); supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel")
        }
    }
}
