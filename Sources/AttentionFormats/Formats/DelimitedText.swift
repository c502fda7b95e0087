import Attention

/// CSV and TSV tables: the first row holds the key tokens (its first cell is a corner label
/// and ignored), every other row a query token followed by one weight per key. CSV follows
/// RFC 4180 quoting (`"a, b"`, `""` for a quote; see `DelimitedRecords`); TSV cells are split on tabs.
///
/// ```text
/// ,武,汉
/// 武,0.1,0.9
/// 汉,0,0.2
/// ```
///
/// ```swift
/// let data = try DelimitedText.read(path: "gperes.csv", separator: ",")
/// ```
public enum DelimitedText {
    /// Largest table read (it is parsed in memory).
    public static let maximumFileSize = 1 << 30

    /// What one cell costs in memory while the table is parsed, at most, in bytes (its string
    /// in the row array, short cells stored inline).
    public static let bytesPerCell = 32

    /// Reads a table with `separator` (`","` or `"\t"`); `memoryLimit` (bytes) bounds what
    /// parsing may hold.
    public static func read(path: String, separator: Character, memoryLimit: Int? = nil) throws(FormatError) -> AttentionData {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        return try read(file: file, separator: separator, memoryLimit: memoryLimit)
    }

    /// Reads an opened file (mapped, or bytes held in memory); errors name `file.path`.
    public static func read(file: MappedFile, separator: Character, memoryLimit: Int? = nil) throws(FormatError) -> AttentionData {
        let path = file.path
        guard file.count <= maximumFileSize else {
            throw .tooLarge(path: path, detail: "table of \(file.count) bytes is larger than the \(maximumFileSize)-byte limit; use .npy or safetensors")
        }
        let text = file.withBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }
        guard let text else { throw .malformed(path: path, problem: "not valid UTF-8 text") }
        return try parse(text, separator: separator, path: path, memoryLimit: memoryLimit)
    }

    /// Parses table text: RFC 4180 quoting for CSV (`DelimitedRecords`), plain tabs for TSV.
    public static func parse(_ text: String, separator: Character, path: String, memoryLimit: Int? = nil) throws(FormatError) -> AttentionData {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        let cellLimit = memoryLimit.map { max(1, $0 / bytesPerCell) } ?? Int.max
        var rows: [DelimitedRecords.Record]
        do {
            rows = try DelimitedRecords.parse(text, separator: separator, quoting: separator == ",", fieldLimit: cellLimit)
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                throw fail("unterminated quoted cell at line \(line)")
            case .tooManyFields(let limit, let line):
                throw .tooLarge(path: path, detail: "more than \(limit) cells by line \(line), the most a \(limit * bytesPerCell)-byte memory limit holds")
            }
        }
        while let last = rows.last, last.isBlank { rows.removeLast() }
        guard let header = rows.first?.fields else { throw .emptyTensor(path: path, detail: "no header row") }
        let keys = Array(header.dropFirst())
        guard !keys.isEmpty else { throw .emptyTensor(path: path, detail: "the header row has no key tokens") }
        var queries = [String]()
        var values = [Float]()
        // Lines are where each record starts in the file (a quoted cell may span several).
        for record in rows.dropFirst() {
            let row = record.fields
            guard row.count == header.count else {
                throw .ragged(path: path, detail: "ragged rows: line \(record.line) has \(row.count) cells, the header has \(header.count)")
            }
            queries.append(row[0])
            for (column, cell) in row.dropFirst().enumerated() {
                let trimmed = cell.trimmingCharacters(in: " ")
                guard let v = Float(trimmed) ?? namedValue(trimmed) else {
                    throw fail("line \(record.line), column \(column + 2): \"\(cell.prefix(20))\" is not a number")
                }
                values.append(v)
            }
        }
        guard !queries.isEmpty else { throw .emptyTensor(path: path, detail: "no rows below the header") }
        do {
            let tensor = try AttentionTensor(shape: [queries.count, keys.count], values: values)
            return try AttentionData(tensor: tensor, queryTokens: Tokens(queries), keyTokens: Tokens(keys))
        } catch {
            throw FormatError(path: path, error)
        }
    }

    private static func namedValue(_ cell: String) -> Float? {
        switch cell.lowercased() {
        case "nan": return .nan
        case "inf", "infinity", "+inf": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
