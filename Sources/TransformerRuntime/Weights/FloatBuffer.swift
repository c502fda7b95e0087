import Attention

/// A read-only run of `Float`s for the forward pass: either borrowed straight from a
/// memory-mapped F32 weight file (no copy) or owned (converted from F16/BF16, or computed).
///
/// ```swift
/// let ones = FloatBuffer(copying: [1, 1, 1])
/// ones.base[2]   // 1.0
/// ```
final class FloatBuffer: @unchecked Sendable {
    /// The first element; valid as long as this buffer lives.
    let base: UnsafePointer<Float>
    /// Number of elements.
    let count: Int
    /// Keeps a borrowed mapping alive.
    private let mapping: MappedFile?
    private let owned: UnsafeMutablePointer<Float>?

    /// Borrows `count` floats at `byteOffset` of `file`; the offset must be 4-byte aligned.
    init(borrowing file: MappedFile, byteOffset: Int, count: Int) {
        let start = file.withBytes { bytes in bytes.baseAddress.map { $0 + byteOffset } }
        if let start, count > 0 {
            base = UnsafePointer(start.assumingMemoryBound(to: Float.self))
            mapping = file
            owned = nil
            self.count = count
        } else {
            let storage = UnsafeMutablePointer<Float>.allocate(capacity: 1)
            base = UnsafePointer(storage)
            owned = storage
            mapping = nil
            self.count = 0
        }
    }

    /// Takes ownership of `count` floats written by `fill`.
    init(count: Int, fill: (UnsafeMutablePointer<Float>) -> Void) {
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: 0, count: max(count, 1))
        fill(storage)
        base = UnsafePointer(storage)
        owned = storage
        mapping = nil
        self.count = count
    }

    /// An owned copy of `values`.
    convenience init(copying values: [Float]) {
        self.init(count: values.count) { target in
            values.withUnsafeBufferPointer { source in
                if let source = source.baseAddress { target.update(from: source, count: values.count) }
            }
        }
    }

    /// An owned copy of `parts`, one after another.
    convenience init(concatenating parts: [FloatBuffer]) {
        self.init(count: parts.reduce(0) { $0 + $1.count }) { target in
            var next = target
            for part in parts {
                next.update(from: part.base, count: part.count)
                next += part.count
            }
        }
    }

    deinit { owned?.deallocate() }
}
