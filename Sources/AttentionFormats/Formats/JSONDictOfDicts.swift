import Attention

/// The note's format: `{"query": {"key": weight, ...}, ...}`, read in file order. Rows are the
/// outer keys (queries) and columns the inner keys of the first row (keys). Every row must
/// have the same keys; rows listing them in another order are aligned by name.
///
/// ```swift
/// let data = try JSONDictOfDicts.data(from: JSONParser.parse(SeedExample.gperesJSON), path: "gperes.json")
/// data.queryTokens   // 武 汉 市 长 江 大 桥, the note's order
/// ```
public enum JSONDictOfDicts {
    /// Converts a parsed dict-of-dicts to labelled attention.
    public static func data(from value: JSONValue, path: String) throws(FormatError) -> AttentionData {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        guard case .object(let rows) = value else { throw fail("expected an object of objects, got \(value.kindName)") }
        guard let first = rows.first else { throw .emptyTensor(path: path, detail: "the object has no rows") }
        guard case .object(let firstColumns) = first.value else {
            throw fail("row \"\(first.key)\" is \(first.value.kindName), expected an object of key token: weight")
        }
        let keys = firstColumns.map(\.key)
        let keyIndex = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let uniqueKeys = keyIndex.count == keys.count
        var values = [Float]()
        // Sized from the first row only: capped, so a short file claiming huge rows costs nothing.
        let (cells, overflow) = rows.count.multipliedReportingOverflow(by: keys.count)
        values.reserveCapacity(overflow ? 0 : min(cells, 1 << 22))
        for row in rows {
            guard case .object(let columns) = row.value else {
                throw fail("row \"\(row.key)\" is \(row.value.kindName), expected an object of key token: weight")
            }
            var ordered = [Float](repeating: 0, count: keys.count)
            if columns.map(\.key) == keys {
                for (i, column) in columns.enumerated() { ordered[i] = try number(column, row: row.key, fail: fail) }
            } else {
                let names = Set(columns.map(\.key))
                guard uniqueKeys, columns.count == keys.count, names.count == columns.count, names == Set(keys) else {
                    let missing = keys.filter { !names.contains($0) }
                    let extra = columns.map(\.key).filter { keyIndex[$0] == nil }
                    var detail = [String]()
                    if !missing.isEmpty { detail.append("missing \(missing.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))") }
                    if !extra.isEmpty { detail.append("extra \(extra.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))") }
                    if detail.isEmpty { detail.append("\(columns.count) keys, expected \(keys.count)") }
                    throw .ragged(path: path, detail: "row \"\(row.key)\" has different keys than row \"\(first.key)\": \(detail.joined(separator: "; "))")
                }
                for column in columns {
                    // `names == Set(keys)`, so every key has an index.
                    ordered[keyIndex[column.key] ?? 0] = try number(column, row: row.key, fail: fail)
                }
            }
            values += ordered
        }
        do {
            let tensor = try AttentionTensor(shape: [rows.count, keys.count], values: values)
            return try AttentionData(tensor: tensor, queryTokens: Tokens(rows.map(\.key)), keyTokens: Tokens(keys))
        } catch {
            throw FormatError(path: path, error)
        }
    }

    private static func number(_ member: JSONMember, row: String, fail: (String) -> FormatError) throws(FormatError) -> Float {
        guard case .number(let v) = member.value else {
            throw fail("gperes[\"\(row)\"][\"\(member.key)\"] is \(member.value.kindName), expected a number")
        }
        return Float(v)
    }
}
