import Attention

/// Converts stored elements (any float type, byte order and strides) to row-major `Float`s.
///
/// ```swift
/// let values = StridedDecoder.decode(bytes, byteOffset: 128, scalarType: .float16,
///                                    byteOrder: .little, dimensions: [1, 1, 2, 3], strides: [0, 0, 3, 1])
/// ```
enum StridedDecoder {
    /// Decodes the four-dimensional strided array at `byteOffset`; the caller has checked bounds.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, byteOffset: Int, scalarType: ScalarType, byteOrder: ByteOrder,
        dimensions d: [Int], strides s: [Int]
    ) -> [Float] {
        let count = d.reduce(1, *)
        guard count > 0, let origin = bytes.baseAddress else { return [] }
        let width = scalarType.byteWidth
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            var out = 0
            for a in 0..<d[0] {
                for b in 0..<d[1] {
                    for c in 0..<d[2] {
                        let rowStart = byteOffset + (a * s[0] + b * s[1] + c * s[2]) * width
                        for e in 0..<d[3] {
                            buffer[out] = scalarType.load(from: origin + rowStart + e * s[3] * width, byteOrder: byteOrder)
                            out += 1
                        }
                    }
                }
            }
            initialized = count
        }
    }
}
