/// Little-endian encodings of number arrays: the server's binary answers (tiles, rows, top-k)
/// and the parts a budget page embeds.
///
/// ```swift
/// FloatBytes.littleEndian([1.0])      // [0, 0, 128, 63]
/// ```
public enum FloatBytes {
    /// Float32 values as little-endian bytes.
    public static func littleEndian(_ values: [Float]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: values.count * 4) { buffer, initialized in
            for (i, v) in values.enumerated() {
                let bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { b in for k in 0..<4 { buffer[i * 4 + k] = b[k] } }
            }
            initialized = values.count * 4
        }
    }

    /// Int32 values as little-endian bytes.
    public static func littleEndian(_ values: [Int32]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: values.count * 4) { buffer, initialized in
            for (i, v) in values.enumerated() {
                let bits = v.littleEndian
                withUnsafeBytes(of: bits) { b in for k in 0..<4 { buffer[i * 4 + k] = b[k] } }
            }
            initialized = values.count * 4
        }
    }
}
