/// The one RFC 4180 reader behind every CSV/TSV input (attention tables and text heat
/// `token,weight` rows): fields separated by `separator`, optionally double-quoted with quotes
/// doubled inside, records ended by `\n`, `\r\n` or a lone `\r`; a quoted field may hold
/// separators and line breaks. A leading byte-order mark is skipped. Without `quoting` (TSV
/// tables) a quote is an ordinary character.
///
/// ```swift
/// let records = try DelimitedRecords.parse("a,1\r\n\"b,\"\"c\"\"\",2\n", separator: ",")
/// records.map(\.fields)   // [["a", "1"], ["b,\"c\"", "2"]]
/// records.map(\.line)     // [1, 2]
/// ```
enum DelimitedRecords {
    /// One record: its fields and the line it starts on (1-based).
    struct Record: Equatable {
        var line: Int
        var fields: [String]

        /// Whether the record is a blank line (one empty field).
        var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }
    }

    /// What stops a parse.
    enum Failure: Error, Equatable {
        /// A quoted field still open at the end of the text; `line` is where it started.
        case unterminatedQuote(line: Int)
        /// More fields than `fieldLimit`, counted by `line`.
        case tooManyFields(limit: Int, line: Int)
    }

    /// Every record of `text`; a final line break adds no empty record. `fieldLimit` caps the
    /// fields read in all, so a memory limit holds however the text is shaped.
    static func parse(
        _ text: String, separator: Character, quoting: Bool = true, fieldLimit: Int = .max
    ) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var quoteLine = 1
        var line = 1
        var recordLine = 1
        var fieldCount = 0
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endField() throws(Failure) {
            fieldCount += 1
            if fieldCount > fieldLimit { throw .tooManyFields(limit: fieldLimit, line: line) }
            fields.append(field)
            field = ""
        }
        var atStart = true
        while let c = next() {
            defer { atStart = false }
            if atStart && c == "\u{FEFF}" { continue }
            if quoted {
                if c == "\"" {
                    if let after = next() {
                        if after == "\"" { field.append("\"") } else { quoted = false; pending = after }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" || c == "\r" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where quoting && field.isEmpty:
                quoted = true
                quoteLine = line
            case separator:
                try endField()
            case "\n", "\r\n", "\r":
                try endField()
                records.append(Record(line: recordLine, fields: fields))
                fields = []
                line += 1
                recordLine = line
            default:
                field.append(c)
            }
        }
        if quoted { throw .unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty {
            try endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
