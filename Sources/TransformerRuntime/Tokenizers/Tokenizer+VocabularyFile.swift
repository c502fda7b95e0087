import Foundation

extension Tokenizer {
    /// A BERT WordPiece tokenizer from a folder without `tokenizer.json`: `vocab.txt` (one token
    /// per line, the line number is its id) and, when present, `tokenizer_config.json`
    /// (`do_lower_case`, `strip_accents`, `tokenize_chinese_chars` and the special tokens), set up
    /// as Hugging Face's `BertTokenizerFast` converts them: BERT normaliser and pre-tokeniser,
    /// `##` continuations, `[CLS] A [SEP] B [SEP]`.
    ///
    /// ```swift
    /// let tokenizer = try Tokenizer(bertVocabularyIn: "bert-base-uncased")
    /// tokenizer.encode("Hello").tokens   // ["[CLS]", "hello", "[SEP]"]
    /// ```
    public init(bertVocabularyIn directory: String) throws(RuntimeError) {
        let url = URL(fileURLWithPath: directory)
        let vocabPath = url.appendingPathComponent("vocab.txt").path
        let text: String
        do {
            text = try String(contentsOfFile: vocabPath, encoding: .utf8)
        } catch {
            throw .file(path: vocabPath, problem: FileManager.default.fileExists(atPath: vocabPath) ? "not readable UTF-8 text" : "no such file")
        }
        var vocab = [String: Int]()
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (id, line) in lines.enumerated() {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if vocab[token] == nil { vocab[token] = id }
        }
        guard !vocab.isEmpty else { throw .file(path: vocabPath, problem: "empty vocabulary") }

        let configPath = url.appendingPathComponent("tokenizer_config.json").path
        let config = FileManager.default.fileExists(atPath: configPath)
            ? try DecodableJSONFile.read(TokenizerConfigJSON.self, from: configPath) : TokenizerConfigJSON()
        let special = (unknown: config.unkToken?.content ?? "[UNK]", cls: config.clsToken?.content ?? "[CLS]",
                       sep: config.sepToken?.content ?? "[SEP]", pad: config.padToken?.content ?? "[PAD]",
                       mask: config.maskToken?.content ?? "[MASK]")
        func id(_ token: String) throws(RuntimeError) -> Int {
            guard let id = vocab[token] else { throw .file(path: vocabPath, problem: "has no \(token) token") }
            return id
        }

        normalizers = [.bert(BertNormalizer(
            cleanText: true,
            handleChineseChars: config.tokenizeChineseChars ?? true,
            stripAccents: config.stripAccents,
            lowercase: config.doLowerCase ?? true))]
        preTokenizer = .bert
        model = .wordPiece(WordPiece(vocabulary: vocab, unknownToken: special.unknown))
        postProcessor = .bert(cls: (special.cls, try id(special.cls)), sep: (special.sep, try id(special.sep)))
        addedTokens = [special.pad, special.unknown, special.cls, special.sep, special.mask]
            .compactMap { t in vocab[t].map { AddedToken(content: Array(t.unicodeScalars), id: $0) } }
            .sorted { $0.content.count > $1.content.count }
        trimOffsets = false
        keepsFirstSpace = false
        idToToken = Self.tokenTable(model: model, addedTokens: addedTokens)
    }
}
