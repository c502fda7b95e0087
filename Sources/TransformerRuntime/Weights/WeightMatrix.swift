/// A weight matrix the forward pass multiplies by: resident as Float32 (safetensors, and GGUF
/// models small enough to dequantize once at load), or kept in the file's quantized encoding and
/// dequantized into a scratch buffer each time a layer uses it, so a model larger than memory in
/// Float32 needs only its mapped file plus one matrix in Float32 (`TransformerModel`'s
/// dequantization policy decides which).
///
/// ```swift
/// let w = WeightMatrix(rows: 1536, rowLength: 576) { rows, target in /* dequantize rows */ }
/// w.withFloats { floats in BLAS.linear(x, ..., weight: floats, ...) }
/// ```
struct WeightMatrix: Sendable {
    /// Rows of a deferred matrix decoded on demand: `fill(rows, target)` writes `rows.count ×
    /// rowLength` floats for rows `rows` (relative to this part) at `target`.
    struct Part: Sendable {
        let rows: Int
        let fill: @Sendable (Range<Int>, UnsafeMutablePointer<Float>) -> Void
    }

    enum Storage: Sendable {
        case resident(FloatBuffer)
        case deferred([Part])
    }

    let storage: Storage
    /// Floats in one row (the stacked parts share it).
    let rowLength: Int
    let rows: Int

    init(_ buffer: FloatBuffer, rowLength: Int) {
        storage = .resident(buffer)
        self.rowLength = rowLength
        rows = rowLength > 0 ? buffer.count / rowLength : 0
    }

    init(rows: Int, rowLength: Int, fill: @escaping @Sendable (Range<Int>, UnsafeMutablePointer<Float>) -> Void) {
        storage = .deferred([Part(rows: rows, fill: fill)])
        self.rows = rows
        self.rowLength = rowLength
    }

    /// The parts one under another (query, key and value stacked): resident parts are copied into
    /// one buffer, deferred ones stay deferred (a resident part among them is copied when used).
    init(stacking parts: [WeightMatrix]) {
        rowLength = parts.first?.rowLength ?? 0
        rows = parts.reduce(0) { $0 + $1.rows }
        let buffers = parts.compactMap { part -> FloatBuffer? in
            if case .resident(let buffer) = part.storage { return buffer } else { return nil }
        }
        storage = buffers.count == parts.count
            ? .resident(FloatBuffer(concatenating: buffers)) : .deferred(parts.flatMap(\.pieces))
    }

    /// The matrix as rows decoded on demand.
    private var pieces: [Part] {
        switch storage {
        case .deferred(let pieces): return pieces
        case .resident(let buffer):
            let length = rowLength
            return [Part(rows: rows) { rows, target in
                target.update(from: buffer.base + rows.lowerBound * length, count: rows.count * length)
            }]
        }
    }

    /// Whether the matrix stays encoded until used.
    var isDeferred: Bool { if case .deferred = storage { return true } else { return false } }

    /// Calls `body` with the matrix as row-major Float32: in place when resident; otherwise decoded
    /// (the workers splitting the rows) into a scratch buffer that lives only for the call.
    func withFloats<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
        switch storage {
        case .resident(let buffer):
            return body(buffer.base)
        case .deferred(let parts):
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * rowLength))
            defer { scratch.deallocate() }
            var first = 0
            let length = rowLength
            for part in parts {
                let target = UnsafeSendable(UnsafePointer(scratch + first * length))
                Workers.split(part.rows) { rows in
                    part.fill(rows, UnsafeMutablePointer(mutating: target.pointer) + rows.lowerBound * length)
                }
                first += part.rows
            }
            return body(scratch)
        }
    }
}
