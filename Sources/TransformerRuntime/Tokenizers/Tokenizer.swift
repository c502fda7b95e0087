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
        try self.init(object: JSONObjectFile.read(path), path: path)
    }

    /// Parses the contents of a `tokenizer.json`; `path` names it in errors.
    public init(json data: Data, path: String) throws(RuntimeError) {
        try self.init(object: JSONObjectFile.parse(data, path: path), path: path)
    }

    init(object root: [String: Any], path: String) throws(RuntimeError) {
        let reader = JSONReader(path: path)
        guard let modelObject = root["model"] as? [String: Any] else { throw reader.fail("no \"model\" object") }
        let modelType = modelObject["type"] as? String ?? (modelObject["merges"] != nil ? "BPE" : "WordPiece")
        guard let vocabulary = modelObject["vocab"] as? [String: Any] else { throw reader.fail("model has no \"vocab\" object") }
        var vocab = [String: Int](minimumCapacity: vocabulary.count)
        for (token, value) in vocabulary {
            guard let id = value as? Int, id >= 0 else { throw reader.fail("vocab entry \(token.debugDescription) has no non-negative integer id") }
            vocab[token] = id
        }

        switch modelType {
        case "WordPiece":
            guard let unknown = modelObject["unk_token"] as? String else { throw reader.fail("WordPiece model without unk_token") }
            var wp = WordPiece(vocabulary: vocab, unknownToken: unknown)
            if let prefix = modelObject["continuing_subword_prefix"] as? String { wp.continuingSubwordPrefix = prefix }
            if let maxChars = modelObject["max_input_chars_per_word"] as? Int { wp.maxInputCharsPerWord = maxChars }
            model = .wordPiece(wp)
        case "BPE":
            guard let mergeList = modelObject["merges"] as? [Any] else { throw reader.fail("BPE model without \"merges\"") }
            var merges = [(String, String)]()
            merges.reserveCapacity(mergeList.count)
            for entry in mergeList {
                if let text = entry as? String {
                    let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                    guard parts.count == 2 else { throw reader.fail("malformed merge \(text.debugDescription)") }
                    merges.append((String(parts[0]), String(parts[1])))
                } else if let pair = entry as? [String], pair.count == 2 {
                    merges.append((pair[0], pair[1]))
                } else {
                    throw reader.fail("malformed merge entry")
                }
            }
            for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
                if let value = modelObject[key] as? String, !value.isEmpty {
                    throw reader.fail("BPE option \(key) is not supported")
                }
            }
            var bpe = BPEModel(
                vocabulary: vocab, merges: merges,
                ignoreMerges: modelObject["ignore_merges"] as? Bool ?? false,
                unknownToken: modelObject["unk_token"] as? String)
            bpe.byteFallback = modelObject["byte_fallback"] as? Bool ?? false
            bpe.fuseUnknown = modelObject["fuse_unk"] as? Bool ?? false
            model = .bpe(bpe)
        default:
            throw reader.fail("unsupported tokenizer model \(modelType); supported: WordPiece, BPE")
        }

        normalizers = try Self.normalizers(root["normalizer"], reader)
        preTokenizer = try Self.preTokenizer(root["pre_tokenizer"], reader)
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
        if let added = root["added_tokens"] as? [[String: Any]] {
            for token in added {
                guard let content = token["content"] as? String, let id = token["id"] as? Int, !content.isEmpty else {
                    throw reader.fail("malformed added_tokens entry")
                }
                addedTokens.append(AddedToken(content: Array(content.unicodeScalars), id: id))
            }
        }
        // Longest first, so matching takes the longest token at a position.
        addedTokens.sort { $0.content.count > $1.content.count }

        (postProcessor, trimOffsets, keepsFirstSpace) = try Self.postProcessor(root["post_processor"], vocab: vocab, reader)
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

    /// A one-line description of a JSONSerialization failure.
    private static func normalizers(_ value: Any?, _ reader: JSONReader) throws(RuntimeError) -> [TextNormalizer] {
        guard let object = value as? [String: Any] else { return [] }
        switch object["type"] as? String {
        case "BertNormalizer":
            return [.bert(BertNormalizer(
                cleanText: object["clean_text"] as? Bool ?? true,
                handleChineseChars: object["handle_chinese_chars"] as? Bool ?? true,
                stripAccents: object["strip_accents"] as? Bool,
                lowercase: object["lowercase"] as? Bool ?? true))]
        case "Lowercase":
            return [.bert(BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: true))]
        case "StripAccents":
            return [.bert(BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false))]
        case "NFC":
            return [.nfc]
        case "Prepend":
            guard let prefix = object["prepend"] as? String else { throw reader.fail("Prepend normalizer without \"prepend\"") }
            return [.prepend(Array(prefix.unicodeScalars))]
        case "Replace":
            guard let pattern = (object["pattern"] as? [String: Any])?["String"] as? String, let content = object["content"] as? String else {
                throw reader.fail("Replace normalizer needs a String pattern and a content (Regex patterns are not supported)")
            }
            return [.replace(pattern: Array(pattern.unicodeScalars), content: Array(content.unicodeScalars))]
        case "Sequence":
            var all = [TextNormalizer]()
            for item in object["normalizers"] as? [Any] ?? [] { all += try normalizers(item, reader) }
            return all
        case let other:
            throw reader.fail("unsupported normalizer \(other ?? "without type"); supported: BertNormalizer, Lowercase, StripAccents, NFC, Prepend, Replace, Sequence")
        }
    }

    private static func preTokenizer(_ value: Any?, _ reader: JSONReader) throws(RuntimeError) -> PreTokenizer? {
        guard let object = value as? [String: Any] else { return nil }
        switch object["type"] as? String {
        case "BertPreTokenizer":
            return .bert
        case "ByteLevel":
            return .byteLevel(addPrefixSpace: object["add_prefix_space"] as? Bool ?? false,
                              useRegex: object["use_regex"] as? Bool ?? true)
        case "Digits":
            return .digits(individual: object["individual_digits"] as? Bool ?? false)
        case "Split" where ((object["pattern"] as? [String: Any])?["String"] as? String) != nil:
            let literal = ((object["pattern"] as? [String: Any])?["String"] as? String) ?? ""
            guard let behavior = (object["behavior"] as? String).flatMap(PreTokenizer.StringSplitBehavior.init(rawValue:)),
                  object["invert"] as? Bool != true else {
                throw reader.fail("Split pre_tokenizer on a string needs behavior Removed, Isolated, MergedWithPrevious or MergedWithNext")
            }
            return .splitOnString(Array(literal.unicodeScalars), behavior: behavior)
        case "Split":
            guard let regex = (object["pattern"] as? [String: Any])?["Regex"] as? String, let pattern = SplitPattern(regex: regex) else {
                throw reader.fail("Split pre_tokenizer pattern is not one attnviz knows (GPT-2's, Llama 3's, Qwen2's)")
            }
            guard object["behavior"] as? String == "Isolated", object["invert"] as? Bool != true else {
                throw reader.fail("Split pre_tokenizer must isolate its matches (behavior Isolated, invert false)")
            }
            return .split(pattern)
        case "Metaspace":
            guard let replacement = (object["replacement"] as? String)?.unicodeScalars, replacement.count == 1,
                  let scalar = replacement.first else { throw reader.fail("Metaspace replacement must be one character") }
            let scheme = (object["prepend_scheme"] as? String).flatMap(PreTokenizer.MetaspacePrepend.init(rawValue:))
                ?? ((object["add_prefix_space"] as? Bool ?? true) ? .always : .never)
            return .metaspace(replacement: scalar, prepend: scheme, split: object["split"] as? Bool ?? true)
        case "Sequence":
            let items = object["pretokenizers"] as? [Any] ?? []
            var steps = [PreTokenizer]()
            for item in items.prefix(16) {
                if let step = try preTokenizer(item, reader) { steps.append(step) }
            }
            return steps.count == 1 ? steps[0] : .sequence(steps)
        case let other:
            throw reader.fail("unsupported pre_tokenizer \(other ?? "without type"); supported: BertPreTokenizer, ByteLevel, Digits, Split, Metaspace, Sequence")
        }
    }

    private static func postProcessor(_ value: Any?, vocab: [String: Int], _ reader: JSONReader) throws(RuntimeError) -> (PostProcessor, trim: Bool, keepFirstSpace: Bool) {
        guard let object = value as? [String: Any] else { return (.plain, false, false) }
        if object["type"] as? String == "Sequence" {
            // Llama 3: ByteLevel (offset trimming) then TemplateProcessing (special tokens).
            var result: (PostProcessor, trim: Bool, keepFirstSpace: Bool) = (.plain, false, false)
            var templated = false
            for item in (object["processors"] as? [Any] ?? []).prefix(8) {
                let step = try postProcessor(item, vocab: vocab, reader)
                if (item as? [String: Any])?["type"] as? String == "ByteLevel" {
                    (result.trim, result.keepFirstSpace) = (step.trim, step.keepFirstSpace)
                } else if templated {
                    throw reader.fail("post_processor Sequence with more than one template is not supported")
                } else {
                    result.0 = step.0
                    templated = true
                }
            }
            return result
        }
        let trim = object["trim_offsets"] as? Bool ?? true
        let keepFirstSpace = object["add_prefix_space"] as? Bool ?? true
        func special(_ key: String) throws(RuntimeError) -> (String, Int) {
            guard let pair = object[key] as? [Any], pair.count == 2, let token = pair[0] as? String, let id = pair[1] as? Int else {
                throw reader.fail("post_processor has no valid \(key)")
            }
            return (token, id)
        }
        switch object["type"] as? String {
        case "BertProcessing":
            return (.bert(cls: try special("cls"), sep: try special("sep")), false, false)
        case "RobertaProcessing":
            return (.roberta(cls: try special("cls"), sep: try special("sep")), trim, keepFirstSpace)
        case "ByteLevel":
            return (.plain, trim, keepFirstSpace)
        case "TemplateProcessing":
            let specials = object["special_tokens"] as? [String: Any] ?? [:]
            func template(_ key: String) throws(RuntimeError) -> [PostProcessor.Piece] {
                guard let items = object[key] as? [[String: Any]] else { throw reader.fail("post_processor has no \(key) template") }
                var pieces = [PostProcessor.Piece]()
                for item in items {
                    if let s = item["SpecialToken"] as? [String: Any], let name = s["id"] as? String {
                        guard let entry = specials[name] as? [String: Any],
                              let ids = entry["ids"] as? [Int], let tokens = entry["tokens"] as? [String] else {
                            throw reader.fail("post_processor special token \(name.debugDescription) is not defined")
                        }
                        pieces.append(.special(tokens: tokens, ids: ids, typeId: s["type_id"] as? Int ?? 0))
                    } else if let s = item["Sequence"] as? [String: Any], let name = s["id"] as? String {
                        pieces.append(.sequence(index: name == "B" ? 1 : 0, typeId: s["type_id"] as? Int ?? 0))
                    } else {
                        throw reader.fail("malformed \(key) template entry")
                    }
                }
                return pieces
            }
            return (PostProcessor(single: try template("single"), pair: try template("pair")), false, false)
        case let other:
            throw reader.fail("unsupported post_processor \(other ?? "without type"); supported: TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel")
        }
    }
}
