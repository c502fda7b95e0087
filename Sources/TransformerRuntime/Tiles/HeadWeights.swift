import Attention
import CKernels

/// One head's weights, produced a block of rows at a time into caller-owned scratch: computed
/// from queries and keys with one `sgemm` per block for factored attention (only the key
/// columns some row of the block sees), copied from storage for dense attention.
///
/// ```swift
/// let weights = try HeadWeights(tensor, layer: 0, head: 3, rows: 0..<512, columns: 0..<512)
/// weights.fill(rows: 0..<64, columns: 0..<512, into: scratch, stride: 512)
/// let seen = weights.visible(row: 10, within: 0..<512)     // 0..<11 when causal
/// ```
struct HeadWeights {
    /// Query rows of the head.
    let queries: Int
    /// Key columns of the head.
    let keys: Int
    private let source: Source

    private enum Source {
        case dense(AttentionTensor, layer: Int, head: Int)
        case factored(Factored)
    }

    /// The vectors a factored head's block products need.
    private struct Factored {
        let queries: [Float]       // rows of `queryRows`, headSize each
        let queryRows: Range<Int>
        let keys: [Float]          // rows of `keyRows`
        let keyRows: Range<Int>
        let logSumExp: ArraySlice<Float>
        let headSize: Int
        let scale: Float
        let cap: Float
        let causal: Bool
        let window: Int?
        let blas: BLASLibrary
    }

    /// Prepares `(layer, head)` for blocks inside `rows × columns` (checked indices): reads the
    /// query vectors of `rows` and the key vectors of `columns`, or nothing for dense storage.
    init(_ tensor: AttentionTensor, layer: Int, head: Int, rows: Range<Int>, columns: Range<Int>) throws(TileError) {
        queries = tensor.shape.queries
        keys = tensor.shape.keys
        guard let factored = tensor.factored else {
            source = .dense(tensor, layer: layer, head: head)
            return
        }
        let blas: BLASLibrary
        do { blas = try BLASLibrary.load() } catch { throw .computation(error.description) }
        let d = factored.headSize
        let p = factored.parameters
        let base = (layer * factored.heads + head) * factored.sequence
        source = .factored(Factored(
            queries: StoredRows.read(factored.queries, layer: layer, head: head, rows: rows, columns: 0..<d),
            queryRows: rows,
            keys: StoredRows.read(factored.keys, layer: layer, head: head / factored.groupSize, rows: columns, columns: 0..<d),
            keyRows: columns,
            logSumExp: factored.logSumExp[base..<(base + factored.sequence)],
            headSize: d, scale: p.scale, cap: p.softCap ?? 0, causal: p.causal,
            window: p.slidingWindows.isEmpty ? nil : p.slidingWindows[layer], blas: blas))
    }

    /// Whether every weight is ≥ 0 (computed softmax weights are; stored values may be anything).
    var isNonNegative: Bool {
        if case .factored = source { return true }
        return false
    }

    /// Whether some cell of the head is masked (counts as 0 without being computed).
    var hasMaskedCells: Bool {
        guard case .factored(let f) = source else { return false }
        return (f.causal && keys > 1) || (f.window.map { $0 < queries } ?? false)
    }

    /// The key columns `row` sees, within `columns`; cells outside are 0 and never written.
    func visible(row: Int, within columns: Range<Int>) -> Range<Int> {
        guard case .factored(let f) = source else { return columns }
        var low = columns.lowerBound, high = columns.upperBound
        if f.causal { high = min(high, row + 1) }
        if let w = f.window { low = max(low, row - w + 1) }
        return low < high ? low..<high : columns.lowerBound..<columns.lowerBound
    }

    /// Writes the weights of `rows × columns` (inside the ranges given at creation) to `out`,
    /// row `r` at `out + (r − rows.lowerBound) · stride`: every visible cell, nothing else.
    func fill(rows: Range<Int>, columns: Range<Int>, into out: UnsafeMutablePointer<Float>, stride: Int) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        switch source {
        case .dense(let tensor, let layer, let head):
            StoredRows.read(tensor, layer: layer, head: head, rows: rows, columns: columns, into: out, stride: stride)
        case .factored(let f):
            // Every column some row of the block sees: both ends of a row's range only move
            // right as the row grows, so the first row bounds it on the left, the last on the right.
            let low = f.window.map { max(columns.lowerBound, rows.lowerBound - $0 + 1) } ?? columns.lowerBound
            let high = f.causal ? min(columns.upperBound, rows.upperBound) : columns.upperBound
            guard low < high else { return }
            let d = f.headSize
            f.queries.withUnsafeBufferPointer { q in
                f.keys.withUnsafeBufferPointer { k in
                    guard let q = q.baseAddress, let k = k.baseAddress else { return }
                    f.blas.sgemm(BLASLibrary.rowMajor, BLASLibrary.noTranspose, BLASLibrary.transpose,
                                 Int32(rows.count), Int32(high - low), Int32(d), f.scale,
                                 q + (rows.lowerBound - f.queryRows.lowerBound) * d, Int32(d),
                                 k + (low - f.keyRows.lowerBound) * d, Int32(d),
                                 0, out + (low - columns.lowerBound), Int32(stride))
                }
            }
            for (r, row) in rows.enumerated() {
                let seen = visible(row: row, within: columns)
                guard !seen.isEmpty else { continue }
                attnviz_attention_weights(out + r * stride + (seen.lowerBound - columns.lowerBound), seen.count,
                                          f.logSumExp[f.logSumExp.startIndex + row], f.cap)
            }
        }
    }
}
