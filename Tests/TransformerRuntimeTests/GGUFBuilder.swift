import Foundation

/// Writes GGUF bytes by hand for the hostile-input tests: any count, length, type id or offset,
/// honest or not.
///
/// ```swift
/// var gguf = GGUFBuilder(tensors: 1, entries: 0)
/// gguf.tensorInfo("w", dimensions: [4], type: 0, offset: 0)
/// gguf.padData()
/// gguf.floats([1, 2, 3, 4])
/// let path = try gguf.write()
/// ```
struct GGUFBuilder {
    var bytes = [UInt8]()

    init(magic: [UInt8] = Array("GGUF".utf8), version: UInt32 = 3, tensors: UInt64, entries: UInt64) {
        bytes = magic
        u32(version)
        u64(tensors)
        u64(entries)
    }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) {
        u64(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    /// A metadata entry's key and value type; the value follows.
    mutating func entry(_ key: String, type: UInt32) {
        string(key)
        u32(type)
    }

    mutating func tensorInfo(_ name: String, dimensions: [UInt64], type: UInt32, offset: UInt64) {
        string(name)
        u32(UInt32(dimensions.count))
        for d in dimensions { u64(d) }
        u32(type)
        u64(offset)
    }

    /// Zeros up to the next multiple of `alignment`.
    mutating func padData(alignment: Int = 32) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    /// The bytes in a new temporary file; its path.
    func write() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-gguf-\(UUID().uuidString).gguf")
        try Data(bytes).write(to: url)
        return url.path
    }
}
