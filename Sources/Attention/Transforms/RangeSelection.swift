/// Cutting a tensor or matrix down to ranges of layers, heads, queries and keys.
///
/// ```swift
/// let firstTwoLayers = try tensor.selecting(layers: 0..<2)
/// let block = try matrix.selecting(rows: 0..<3, columns: 2..<5)
/// let labelled = try data.selecting(queries: 1..<4)     // tokens follow the cut
/// ```
extension AttentionTensor {
    /// A new in-memory tensor holding only the given ranges (`nil` keeps a whole axis).
    /// Only the selected heads of a memory-mapped tensor are read.
    public func selecting(
        layers: Range<Int>? = nil, heads: Range<Int>? = nil,
        queries: Range<Int>? = nil, keys: Range<Int>? = nil
    ) throws(AttentionError) -> AttentionTensor {
        let l = try checked(layers, "layer", shape.layers)
        let h = try checked(heads, "head", shape.heads)
        let q = try checked(queries, "query", shape.queries)
        let k = try checked(keys, "key", shape.keys)
        var values = [Float]()
        values.reserveCapacity(l.count * h.count * q.count * k.count)
        for layer in l {
            for head in h {
                values += try matrix(layer: layer, head: head).selecting(rows: q, columns: k).values
            }
        }
        return try AttentionTensor(shape: [l.count, h.count, q.count, k.count], values: values)
    }

    private func checked(_ range: Range<Int>?, _ axis: String, _ count: Int) throws(AttentionError) -> Range<Int> {
        guard let range else { return 0..<count }
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw .invalidParameter("\(axis) range \(range.lowerBound)..<\(range.upperBound) is outside 0..<\(count)")
        }
        return range
    }
}

extension AttentionMatrix {
    /// The sub-matrix of the given rows and columns (`nil` keeps all).
    public func selecting(rows rowRange: Range<Int>? = nil, columns columnRange: Range<Int>? = nil) throws(AttentionError) -> AttentionMatrix {
        let r = rowRange ?? 0..<rows
        let c = columnRange ?? 0..<columns
        guard r.lowerBound >= 0, r.upperBound <= rows else {
            throw .invalidParameter("row range \(r.lowerBound)..<\(r.upperBound) is outside 0..<\(rows)")
        }
        guard c.lowerBound >= 0, c.upperBound <= columns else {
            throw .invalidParameter("column range \(c.lowerBound)..<\(c.upperBound) is outside 0..<\(columns)")
        }
        if r == 0..<rows && c == 0..<columns { return self }
        var out = [Float]()
        out.reserveCapacity(r.count * c.count)
        for row in r { out += values[(row * columns + c.lowerBound)..<(row * columns + c.upperBound)] }
        return AttentionMatrix(rows: r.count, columns: c.count, values: out)
    }
}

extension AttentionData {
    /// The data cut to the given ranges, with the token labels cut to match.
    public func selecting(
        layers: Range<Int>? = nil, heads: Range<Int>? = nil,
        queries: Range<Int>? = nil, keys: Range<Int>? = nil
    ) throws(AttentionError) -> AttentionData {
        let tensor = try tensor.selecting(layers: layers, heads: heads, queries: queries, keys: keys)
        let q = queries.map { r in queryTokens.map { Tokens(Array($0.strings[r])) } } ?? queryTokens
        let k = keys.map { r in keyTokens.map { Tokens(Array($0.strings[r])) } } ?? keyTokens
        var split = pairSplit
        if let s = pairSplit, queries != nil || keys != nil { split = queries.map { s - $0.lowerBound } ?? s }
        return try AttentionData(tensor: tensor, queryTokens: q, keyTokens: k, pairSplit: split)
    }
}
