import Attention

/// Reads tokens and weights for text heat (`TextHeatExamples`) from files.
///
/// Three file shapes are read:
/// - the note's: JSON `{"texts": ["a b c", ...], "weights": [[0.1, 0.2, 0.7], ...]}` (texts split
///   on single spaces; `"tokens": [["a", "b"], ...]` instead of `texts` for tokens containing
///   spaces; optional `"labels": [...]`);
/// - a text file (one example per line, tokens separated by single spaces) plus a weights file
///   (one line of numbers per example, separated by spaces or commas, or a JSON array of arrays);
/// - CSV/TSV `token,weight` rows (optional header; a blank line starts a new example).
///
/// ```swift
/// let input = try TextHeatInput.read(json: "heat.json")
/// let heat = try TextHeat(tokens: input.tokens, weights: input.weights, labels: input.labels)
/// ```
public enum TextHeatInput {
    /// Largest input file read (text heat inputs are small; this bounds memory on bad input).
    public static let maximumFileSize = 256 << 20

    /// Bytes looked at to tell a file's shape (`isTextHeatJSON`, `looksLikePairs`).
    public static let sniffLength = 64 << 10

    /// Whether the JSON file at `path` looks like the note-shaped document: an object with
    /// `weights` and `texts` or `tokens`, told from its top-level keys in the first
    /// `sniffLength` bytes. A document whose keys are still undecided there (a long `texts`
    /// list) counts as note-shaped when `texts` came first.
    public static func isTextHeatJSON(path: String) -> Bool {
        guard let file = try? MappedFile(path: path) else { return false }
        let keys = file.withBytes { JSONTopLevelKeys.scan(UnsafeRawBufferPointer(rebasing: $0.prefix(sniffLength))) }
        let known: Set = ["texts", "tokens", "weights", "labels"]
        guard keys.allSatisfy(known.contains) else { return false }  // "attention", or a dict of dicts
        if keys.contains("weights") { return keys.contains("texts") || keys.contains("tokens") }
        return keys.contains("texts")
    }

    /// Reads the note-shaped JSON document.
    public static func read(json path: String) throws(FormatError) -> TextHeatExamples {
        let file = try open(path)
        let parsed: JSONValue
        do { parsed = try file.withBytes { bytes throws(JSONParser.SyntaxError) in try JSONParser.parse(bytes: bytes) } }
        catch { throw .invalidJSON(path: path, error) }
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        guard case .object = parsed else {
            throw fail("expected a JSON object {\"texts\": [...], \"weights\": [[...]]}")
        }
        var tokens: [[String]]
        if let texts = parsed["texts"] {
            guard let list = texts.arrayElements else { throw fail("\"texts\" must be a list of strings") }
            tokens = []
            for (i, item) in list.enumerated() {
                guard let text = item.string else { throw fail("texts[\(i)] is not a string") }
                tokens.append(text.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
            }
        } else if let lists = parsed["tokens"]?.arrayElements {
            tokens = []
            for (i, item) in lists.enumerated() {
                guard let list = item.arrayElements else { throw fail("tokens[\(i)] is not a list of strings") }
                let strings = list.compactMap(\.string)
                guard strings.count == list.count else { throw fail("tokens[\(i)] is not a list of strings") }
                tokens.append(strings)
            }
        } else {
            throw fail("expected \"texts\": [\"a b c\", ...] or \"tokens\": [[\"a\", \"b\"], ...]")
        }
        guard let weightLists = parsed["weights"]?.arrayElements else {
            throw fail("expected \"weights\": [[...], ...], one list per text")
        }
        var weights: [[Double]] = []
        for (i, item) in weightLists.enumerated() {
            guard let list = item.arrayElements else { throw fail("weights[\(i)] is not a list of numbers") }
            var row: [Double] = []
            for (j, value) in list.enumerated() {
                guard let number = value.number else { throw fail("weights[\(i)][\(j)] is not a number") }
                row.append(number)
            }
            weights.append(row)
        }
        var labels: [String?]?
        if let raw = parsed["labels"] {
            guard let list = raw.arrayElements else { throw fail("\"labels\" must be a list of strings") }
            labels = list.map(\.string)
        }
        return TextHeatExamples(tokens: tokens, weights: weights, labels: labels)
    }

    /// Reads a text file (one example per line) and a weights file (one line per example).
    public static func read(text textPath: String, weights weightsPath: String) throws(FormatError) -> TextHeatExamples {
        let text = try string(textPath)
        let tokens = lines(text).map { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
        let weightsText = try string(weightsPath)
        var weights: [[Double]] = []
        let trimmed = weightsText.drop { $0.isWhitespace }
        if trimmed.hasPrefix("[[") {
            let notLists = FormatError.malformed(path: weightsPath, problem: "expected a JSON list of lists of numbers")
            guard let lists = (try? JSONParser.parse(weightsText))?.arrayElements else { throw notLists }
            for list in lists {
                guard let numbers = list.arrayElements?.compactMap(\.number), numbers.count == list.arrayElements?.count else {
                    throw notLists
                }
                weights.append(numbers)
            }
        } else {
            for (index, line) in lines(weightsText).enumerated() {
                let fields = line.split { $0 == " " || $0 == "," || $0 == "\t" || $0 == "[" || $0 == "]" }
                var row: [Double] = []
                for field in fields {
                    guard let value = Double(field) else {
                        throw .malformed(path: weightsPath, problem: "line \(index + 1): '\(field.prefix(40))' is not a number")
                    }
                    row.append(value)
                }
                weights.append(row)
            }
        }
        guard tokens.count == weights.count else {
            throw .malformed(path: weightsPath, problem: "\(weights.count) lines of weights for \(tokens.count) lines of text in \(textPath)")
        }
        return TextHeatExamples(tokens: tokens, weights: weights)
    }

    /// Reads `token,weight` rows (CSV, or TSV when `separator` is a tab) with the RFC 4180
    /// reader (`DelimitedRecords`): quoted tokens may hold separators, quotes (doubled) and
    /// newlines. A blank line starts a new example.
    public static func read(pairs path: String, separator: Character = ",") throws(FormatError) -> TextHeatExamples {
        let text = try string(path)
        let records: [DelimitedRecords.Record]
        do { records = try DelimitedRecords.parse(text, separator: separator) } catch {
            switch error {
            case .unterminatedQuote(let line): throw .malformed(path: path, problem: "unterminated quoted token at line \(line)")
            case .tooManyFields(let limit, let line): throw .tooLarge(path: path, detail: "more than \(limit) fields by line \(line)")
            }
        }
        var tokens: [[String]] = [[]]
        var weights: [[Double]] = [[]]
        for record in records {
            let (line, fields) = (record.line, record.fields)
            if record.isBlank {
                if !tokens[tokens.count - 1].isEmpty {
                    tokens.append([])
                    weights.append([])
                }
                continue
            }
            guard fields.count == 2 else {
                throw .malformed(path: path, problem: "line \(line): expected token\(separator == "\t" ? "<tab>" : ",")weight, got \(fields.count) fields")
            }
            guard let value = Double(fields[1].trimmingSpaces) else {
                if line == 1 { continue } // a header row
                throw .malformed(path: path, problem: "line \(line): '\(fields[1].prefix(40))' is not a number")
            }
            tokens[tokens.count - 1].append(fields[0])
            weights[weights.count - 1].append(value)
        }
        if tokens.last?.isEmpty == true && tokens.count > 1 {
            tokens.removeLast()
            weights.removeLast()
        }
        guard tokens.first?.isEmpty == false else { throw .emptyTensor(path: path, detail: "no token,weight rows") }
        return TextHeatExamples(tokens: tokens, weights: weights)
    }

    /// Whether a CSV/TSV file holds `token,weight` rows (two fields each, the second a number,
    /// except for a header) rather than a matrix; looks at the first `sniffLength` bytes.
    public static func looksLikePairs(_ path: String, separator: Character = ",") -> Bool {
        guard let file = try? MappedFile(path: path) else { return false }
        let head = file.withBytes { Array($0.prefix(sniffLength)) }
        // A cut-off record (or a quote opened before the cut) says nothing: drop what follows the last line break.
        let complete = head.count < file.count ? head[..<(head.lastIndex(of: 0x0A) ?? 0)] : head[...]
        guard let records = try? DelimitedRecords.parse(String(decoding: complete, as: UTF8.self), separator: separator) else { return false }
        let rows = records.filter { !$0.isBlank }
        guard !rows.isEmpty else { return false }
        return rows.allSatisfy { $0.fields.count == 2 }
            && rows.dropFirst().allSatisfy { Double($0.fields[1].trimmingSpaces) != nil }
    }

    /// Opens `path`, refusing files over `maximumFileSize`.
    private static func open(_ path: String) throws(FormatError) -> MappedFile {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        guard file.count <= maximumFileSize else {
            throw .tooLarge(path: path, detail: "\(file.count) bytes is too large for a text heat input (limit \(maximumFileSize >> 20) MB)")
        }
        return file
    }

    private static func string(_ path: String) throws(FormatError) -> String {
        let file = try open(path)
        guard let text = file.withBytes({ String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }) else {
            throw .malformed(path: path, problem: "not UTF-8 text")
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Lines without their `\r\n`/`\n`, dropping trailing empty lines.
    private static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        while result.last?.isEmpty == true { result.removeLast() }
        return result
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var trimmed = self[...]
        while let first = trimmed.first, first == " " || first == "\t" { trimmed.removeFirst() }
        while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
        return trimmed
    }
}
