import Foundation

/// Tokens and weights for text heat as read from a file, before smoothing: one token list and
/// one weight list per example, plus optional example labels.
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
public struct TextHeatInput: Sendable, Equatable {
    public var tokens: [[String]]
    public var weights: [[Double]]
    public var labels: [String?]?

    public init(tokens: [[String]], weights: [[Double]], labels: [String?]? = nil) {
        self.tokens = tokens
        self.weights = weights
        self.labels = labels
    }

    /// Largest input file read (text heat inputs are small; this bounds memory on bad input).
    public static let maximumFileSize = 256 << 20

    /// Whether `data` looks like the note-shaped JSON document (an object with `weights`).
    public static func isTextHeatJSON(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["weights"] != nil && (object["texts"] != nil || object["tokens"] != nil)
    }

    /// Reads the note-shaped JSON document.
    public static func read(json path: String) throws(FormatError) -> TextHeatInput {
        let data = try load(path)
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            throw FormatError(path: path, problem: "not valid JSON (\(firstLine(error.localizedDescription)))")
        }
        guard let object = parsed as? [String: Any] else {
            throw FormatError(path: path, problem: "expected a JSON object {\"texts\": [...], \"weights\": [[...]]}")
        }
        var tokens: [[String]]
        if let texts = object["texts"] {
            guard let list = texts as? [Any] else { throw FormatError(path: path, problem: "\"texts\" must be a list of strings") }
            tokens = []
            for (i, item) in list.enumerated() {
                guard let text = item as? String else { throw FormatError(path: path, problem: "texts[\(i)] is not a string") }
                tokens.append(text.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
            }
        } else if let lists = object["tokens"] as? [Any] {
            tokens = []
            for (i, item) in lists.enumerated() {
                guard let list = item as? [Any], let strings = list as? [String] else {
                    throw FormatError(path: path, problem: "tokens[\(i)] is not a list of strings")
                }
                tokens.append(strings)
            }
        } else {
            throw FormatError(path: path, problem: "expected \"texts\": [\"a b c\", ...] or \"tokens\": [[\"a\", \"b\"], ...]")
        }
        guard let weightLists = object["weights"] as? [Any] else {
            throw FormatError(path: path, problem: "expected \"weights\": [[...], ...], one list per text")
        }
        var weights: [[Double]] = []
        for (i, item) in weightLists.enumerated() {
            guard let list = item as? [Any] else { throw FormatError(path: path, problem: "weights[\(i)] is not a list of numbers") }
            var row: [Double] = []
            for (j, value) in list.enumerated() {
                guard let number = value as? NSNumber else {
                    throw FormatError(path: path, problem: "weights[\(i)][\(j)] is not a number")
                }
                row.append(number.doubleValue)
            }
            weights.append(row)
        }
        var labels: [String?]?
        if let raw = object["labels"] {
            guard let list = raw as? [Any] else { throw FormatError(path: path, problem: "\"labels\" must be a list of strings") }
            labels = list.map { $0 as? String }
        }
        return TextHeatInput(tokens: tokens, weights: weights, labels: labels)
    }

    /// Reads a text file (one example per line) and a weights file (one line per example).
    public static func read(text textPath: String, weights weightsPath: String) throws(FormatError) -> TextHeatInput {
        let text = try string(textPath)
        let tokens = lines(text).map { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
        let weightsText = try string(weightsPath)
        var weights: [[Double]] = []
        let trimmed = weightsText.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[[") {
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [[NSNumber]] else {
                throw FormatError(path: weightsPath, problem: "expected a JSON list of lists of numbers")
            }
            weights = parsed.map { $0.map(\.doubleValue) }
        } else {
            for (index, line) in lines(weightsText).enumerated() {
                let fields = line.split { $0 == " " || $0 == "," || $0 == "\t" || $0 == "[" || $0 == "]" }
                var row: [Double] = []
                for field in fields {
                    guard let value = Double(field) else {
                        throw FormatError(path: weightsPath, problem: "line \(index + 1): '\(field.prefix(40))' is not a number")
                    }
                    row.append(value)
                }
                weights.append(row)
            }
        }
        guard tokens.count == weights.count else {
            throw FormatError(path: weightsPath, problem: "\(weights.count) lines of weights for \(tokens.count) lines of text in \(textPath)")
        }
        return TextHeatInput(tokens: tokens, weights: weights)
    }

    /// Reads `token,weight` rows (CSV, or TSV when `separator` is a tab). Quoted tokens may hold
    /// commas, quotes (doubled) and newlines. A blank line starts a new example.
    public static func read(pairs path: String, separator: Character = ",") throws(FormatError) -> TextHeatInput {
        let text = try string(path)
        var tokens: [[String]] = [[]]
        var weights: [[Double]] = [[]]
        for (line, fields) in CSVRows.parse(text, separator: separator) {
            if fields.count == 1 && fields[0].isEmpty {
                if !tokens[tokens.count - 1].isEmpty {
                    tokens.append([])
                    weights.append([])
                }
                continue
            }
            guard fields.count == 2 else {
                throw FormatError(path: path, problem: "line \(line): expected token\(separator == "\t" ? "<tab>" : ",")weight, got \(fields.count) fields")
            }
            guard let value = Double(fields[1].trimmingCharacters(in: .whitespaces)) else {
                if line == 1 { continue } // a header row
                throw FormatError(path: path, problem: "line \(line): '\(fields[1].prefix(40))' is not a number")
            }
            tokens[tokens.count - 1].append(fields[0])
            weights[weights.count - 1].append(value)
        }
        if tokens.last?.isEmpty == true && tokens.count > 1 {
            tokens.removeLast()
            weights.removeLast()
        }
        guard tokens.first?.isEmpty == false else { throw FormatError(path: path, problem: "no token,weight rows") }
        return TextHeatInput(tokens: tokens, weights: weights)
    }

    /// Whether a CSV/TSV file holds `token,weight` rows (two fields each, the second a number,
    /// except for a header) rather than a matrix; looks at the first 4 KiB.
    public static func looksLikePairs(_ path: String, separator: Character = ",") -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 4096)
        var records = CSVRows.parse(String(decoding: head, as: UTF8.self), separator: separator)
        if head.count == 4096 && records.count > 1 { records.removeLast() }
        let rows = records.filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
        guard !rows.isEmpty else { return false }
        return rows.allSatisfy { $0.fields.count == 2 }
            && rows.dropFirst().allSatisfy { Double($0.fields[1].trimmingCharacters(in: .whitespaces)) != nil }
    }

    private static func load(_ path: String) throws(FormatError) -> Data {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw FormatError(path: path, problem: "cannot open: no such file or not readable")
        }
        if let size = attributes[.size] as? Int, size > maximumFileSize {
            throw FormatError(path: path, problem: "\(size) bytes is too large for a text heat input (limit \(maximumFileSize >> 20) MB)")
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FormatError(path: path, problem: "cannot read: \(firstLine(error.localizedDescription))")
        }
    }

    private static func string(_ path: String) throws(FormatError) -> String {
        let data = try load(path)
        guard let text = String(data: data, encoding: .utf8) else { throw FormatError(path: path, problem: "not UTF-8 text") }
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

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }
}
