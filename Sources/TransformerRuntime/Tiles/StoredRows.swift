import Attention

/// Reads a rectangle of one head of a stored tensor (in memory or memory-mapped, any float
/// type and byte order) as Float32, without reading the rest of the head.
///
/// ```swift
/// StoredRows.read(tensor, layer: 0, head: 1, rows: 10..<20, columns: 0..<64, into: buffer, stride: 64)
/// ```
enum StoredRows {
    /// Writes `rows × columns` values of `(layer, head)` to `out`, row `r` at `out + (r − rows.lowerBound) · stride`.
    static func read(_ tensor: AttentionTensor, layer: Int, head: Int, rows: Range<Int>, columns: Range<Int>,
                     into out: UnsafeMutablePointer<Float>, stride: Int) {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let shape = tensor.shape
        switch tensor.storage {
        case .owned(let values):
            values.withUnsafeBufferPointer { v in
                guard let base = v.baseAddress else { return }
                let head0 = (layer * shape.heads + head) * shape.queries * shape.keys
                for (r, row) in rows.enumerated() {
                    (out + r * stride).update(from: base + head0 + row * shape.keys + columns.lowerBound, count: columns.count)
                }
            }
        case .mapped(let region):
            let s = region.strides, width = region.scalarType.byteWidth
            let fast = region.scalarType == .float32 && region.byteOrder == .host && s[3] == 1
            region.file.withBytes { bytes in
                guard let origin = bytes.baseAddress else { return }
                for (r, row) in rows.enumerated() {
                    let start = region.byteOffset + (layer * s[0] + head * s[1] + row * s[2] + columns.lowerBound * s[3]) * width
                    if fast {
                        UnsafeMutableRawPointer(out + r * stride).copyMemory(from: origin + start, byteCount: columns.count * 4)
                    } else {
                        for c in 0..<columns.count {
                            out[r * stride + c] = region.scalarType.load(from: origin + start + c * s[3] * width, byteOrder: region.byteOrder)
                        }
                    }
                }
            }
            // The values are copied out: hand the pages back, so zooming over a large mapped file
            // (every head of it, eventually) keeps resident memory at what is being computed.
            let first = region.byteOffset + (layer * s[0] + head * s[1] + rows.lowerBound * s[2] + columns.lowerBound * s[3]) * width
            let last = region.byteOffset + (layer * s[0] + head * s[1] + (rows.upperBound - 1) * s[2] + (columns.upperBound - 1) * s[3]) * width
            if first >= 0, last >= first { region.file.release(byteRange: first..<(last + width)) }
        case .factored:
            for (r, row) in rows.enumerated() {
                for (c, column) in columns.enumerated() {
                    out[r * stride + c] = tensor.value(layer: layer, head: head, query: row, key: column)
                }
            }
        }
    }

    /// `rows × columns` values of `(layer, head)`, row-major.
    static func read(_ tensor: AttentionTensor, layer: Int, head: Int, rows: Range<Int>, columns: Range<Int>) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows.count * columns.count) { buffer, initialized in
            if let base = buffer.baseAddress {
                read(tensor, layer: layer, head: head, rows: rows, columns: columns, into: base, stride: columns.count)
            }
            initialized = rows.count * columns.count
        }
    }
}
