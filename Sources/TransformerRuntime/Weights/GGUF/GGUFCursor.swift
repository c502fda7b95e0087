import Attention

/// A little-endian reader over the mapped bytes of a GGUF file that never reads past the end:
/// every read checks the bytes left first and throws a one-line `RuntimeError.file` naming what
/// it was reading and where.
///
/// ```swift
/// var cursor = GGUFCursor(bytes: bytes, path: "model.gguf")
/// let version = try cursor.load(UInt32.self, "the version")
/// let name = try cursor.string("tensor 0's name", strict: true)
/// ```
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let path: String
    /// Byte offset of the next read.
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    /// The error for `problem` in this file.
    func failure(_ problem: String) -> RuntimeError {
        .file(path: path, problem: problem)
    }

    /// The next `count` bytes, consumed.
    mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws(RuntimeError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw failure("truncated: \(what()) needs \(count) bytes at offset \(offset) but the file has \(remaining) left")
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// The next fixed-width integer, little-endian.
    mutating func load<T: FixedWidthInteger>(_ type: T.Type, _ what: @autoclosure () -> String) throws(RuntimeError) -> T {
        let slice = try take(MemoryLayout<T>.size, what())
        return T(littleEndian: slice.loadUnaligned(as: T.self))
    }

    /// The next GGUF string (a uint64 length, then that many UTF-8 bytes). With `strict`, bytes
    /// that are not valid UTF-8 are an error (keys, tensor names); otherwise they decode as
    /// U+FFFD (metadata values, which are kept even when a converter wrote odd bytes).
    mutating func string(_ what: @autoclosure () -> String, strict: Bool) throws(RuntimeError) -> String {
        let start = offset
        let length = try load(UInt64.self, "the length of \(what())")
        guard length <= UInt64(remaining) else {
            throw failure("\(what()) at offset \(start) declares \(length) bytes but the file has \(remaining) left")
        }
        let raw = try take(Int(length), what())
        let text = String(decoding: raw, as: UTF8.self)
        if strict && !text.utf8.elementsEqual(raw) {
            throw failure("\(what()) at offset \(start) is not valid UTF-8")
        }
        return text
    }

    /// The next `count` little-endian elements of a plain numeric type, copied in one go.
    mutating func elements<T: BitwiseCopyable>(_ type: T.Type, count: Int, _ what: @autoclosure () -> String)
        throws(RuntimeError) -> [T]
    {
        let size = MemoryLayout<T>.size
        guard count <= remaining / size else {
            throw failure("truncated: \(what()) needs \(count) × \(size) bytes at offset \(offset) but the file has \(remaining) left")
        }
        let raw = try take(count * size, what())
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let target = UnsafeMutableRawBufferPointer(buffer)
            target.copyMemory(from: raw)
            #if _endian(big)
            for element in 0..<count {
                let start = element * size
                target[start..<(start + size)].reverse()
            }
            #endif
            initialized = count
        }
    }
}
