import Foundation

extension Data {
    /// Appends `values` as little-endian float32 bytes: one bulk copy on little-endian hosts
    /// (a 75 MB attention tensor in milliseconds, not seconds), byte-swapped otherwise.
    ///
    /// ```swift
    /// var out = Data()
    /// out.appendLittleEndian([1, 0.5])   // 00 00 80 3F 00 00 00 3F
    /// ```
    mutating func appendLittleEndian(_ values: [Float]) {
        if 1.littleEndian == 1 {
            values.withUnsafeBytes { append(contentsOf: $0) }
        } else {
            let swapped = values.map { Float(bitPattern: $0.bitPattern.littleEndian) }
            swapped.withUnsafeBytes { append(contentsOf: $0) }
        }
    }
}
