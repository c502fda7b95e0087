import Attention

/// The order of the weights inside each head of a payload's packed bytes, a lossless transform
/// applied before compression.
///
/// Storing each head key-major makes zlib's matches longer: a key's column (how much every query
/// looks at it) varies smoothly along the queries, where a query's row jumps between sinks and
/// neighbours. On MiniLM's attention over 512 tokens it takes the deflated payload from 3.20 MB
/// to 2.90 MB (`bench/explorer.sh`); a delta transform made it larger, so there is none.
///
/// ```swift
/// let columns = ExplorerLayout.columns.arrange(packed.bytes, shape: packed.shape, width: 1)
/// let rows = ExplorerLayout.columns.restore(columns, shape: packed.shape, width: 1)   // == packed.bytes
/// ```
public enum ExplorerLayout: String, Codable, Sendable, CaseIterable {
    /// Each head `queries x keys`, row after row, as `QuantizedTensor` keeps it.
    case rows
    /// Each head transposed: `keys x queries`, one key's column after another.
    case columns

    /// Rearranges row-major heads (`QuantizedTensor.bytes`) into this layout; `width` is the
    /// bytes per weight. `bytes` must hold `shape`'s elements.
    public func arrange(_ bytes: [UInt8], shape: TensorShape, width: Int) -> [UInt8] {
        self == .rows ? bytes : Self.transpose(bytes, heads: shape.layers * shape.heads, rows: shape.queries, columns: shape.keys, width: width)
    }

    /// The inverse of `arrange`: this layout's bytes back to row-major heads.
    public func restore(_ bytes: [UInt8], shape: TensorShape, width: Int) -> [UInt8] {
        self == .rows ? bytes : Self.transpose(bytes, heads: shape.layers * shape.heads, rows: shape.keys, columns: shape.queries, width: width)
    }

    /// Transposes each of `heads` consecutive `rows x columns` matrices of `width`-byte elements,
    /// in tiles so both sides stay in cache.
    static func transpose(_ bytes: [UInt8], heads: Int, rows: Int, columns: Int, width: Int) -> [UInt8] {
        let matrix = rows * columns * width
        precondition(bytes.count == heads * matrix, "\(bytes.count) bytes for \(heads) heads of \(rows) x \(columns) x \(width)")
        let tile = 32
        return [UInt8](unsafeUninitializedCapacity: bytes.count) { out, initialized in
            bytes.withUnsafeBufferPointer { source in
                for head in 0..<heads {
                    let base = head * matrix
                    for r0 in stride(from: 0, to: rows, by: tile) {
                        for c0 in stride(from: 0, to: columns, by: tile) {
                            for r in r0..<min(r0 + tile, rows) {
                                for c in c0..<min(c0 + tile, columns) {
                                    let from = base + (r * columns + c) * width, to = base + (c * rows + r) * width
                                    for b in 0..<width { out[to + b] = source[from + b] }
                                }
                            }
                        }
                    }
                }
            }
            initialized = bytes.count
        }
    }
}
