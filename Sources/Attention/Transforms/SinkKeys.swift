/// Attention sinks: keys (the first token, BOS, `[CLS]`/`[SEP]`) that take most of every row's
/// weight and wash out every other colour. Choose them, then either leave them out of the colour
/// range (their cells clip at the top colour) or renormalise each row without them.
///
/// ```swift
/// let sinks = SinkKeys.first.columns(in: map.columnLabels)        // [0]
/// let range = map.matrix.finiteRange(excludingColumns: sinks)     // what the other keys span
/// let rest = try map.renormalized(without: sinks)                 // rows sum to 1 over the rest
/// ```
public enum SinkKeys: Sendable, Equatable {
    /// The first key.
    case first
    /// Keys whose token is special (`TokenClass.isSpecial`: `[CLS]`, `[SEP]`, `<s>`, `<|endoftext|>`...).
    case special
    /// The first key and every special one.
    case firstAndSpecial
    /// These key indices (negative counts from the end).
    case indices([Int])

    /// Parses `first`, `special`, `first+special` or a comma-separated list of indices.
    public init?(parsing text: String) {
        switch text {
        case "first": self = .first
        case "special": self = .special
        case "first+special", "special+first": self = .firstAndSpecial
        default:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int(String($0).trimmingWhitespace) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            self = .indices(parts.compactMap { $0 })
        }
    }

    /// The chosen columns among `keys` (indices out of range are dropped), ascending.
    public func columns(in keys: Tokens) -> [Int] {
        let n = keys.count
        var chosen = Set<Int>()
        switch self {
        case .first: if n > 0 { chosen.insert(0) }
        case .special: chosen.formUnion(keys.strings.indices.filter { TokenClass.isSpecial(keys.strings[$0]) })
        case .firstAndSpecial:
            if n > 0 { chosen.insert(0) }
            chosen.formUnion(keys.strings.indices.filter { TokenClass.isSpecial(keys.strings[$0]) })
        case .indices(let list):
            for i in list {
                let j = i < 0 ? n + i : i
                if (0..<n).contains(j) { chosen.insert(j) }
            }
        }
        return chosen.sorted()
    }
}

extension AttentionMatrix {
    /// The range of the finite values outside `excluded` columns; `nil` when none is left.
    public func finiteRange(excludingColumns excluded: [Int]) -> ClosedRange<Float>? {
        let skip = Set(excluded)
        var low = Float.infinity, high = -Float.infinity
        for r in 0..<rows {
            for c in 0..<columns where !skip.contains(c) {
                let v = values[r * columns + c]
                if v.isFinite { low = Swift.min(low, v); high = Swift.max(high, v) }
            }
        }
        return low <= high ? low...high : nil
    }
}

extension AttentionMap {
    /// Each row divided by its sum outside `excluded` columns, those columns set to 0: what the
    /// other keys get among themselves. Rows with nothing outside them stay zero.
    public func renormalized(without excluded: [Int]) throws(AttentionError) -> AttentionMap {
        let skip = Set(excluded)
        var values = matrix.values
        let n = matrix.columns
        for r in 0..<matrix.rows {
            var sum: Float = 0
            for c in 0..<n where !skip.contains(c) { sum += values[r * n + c] }
            for c in 0..<n {
                values[r * n + c] = skip.contains(c) || !(sum > 0) ? 0 : values[r * n + c] / sum
            }
        }
        return try AttentionMap(matrix: AttentionMatrix(rows: matrix.rows, columns: n, values: values),
                                rowLabels: rowLabels, columnLabels: columnLabels)
    }
}
