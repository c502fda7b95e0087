/// ggml `block_q5_1`: 32 weights in 24 bytes.
///
///     bytes 0..<2    d    float16 scale
///     bytes 2..<4    m    float16 minimum
///     bytes 4..<8    qh   uint32, bit j is the fifth (high) bit of weight j
///     bytes 8..<24   qs   low 4 bits: weight j in the low nibble of qs[j], weight j + 16 in the high
///     weight = d × q + m
///
/// ```swift
/// Q5_1Block.dequantize(blockPointer, into: output)   // writes output[0..<32]
/// ```
struct Q5_1Block: QuantizedBlock {
    static let elementCount = 32
    static let byteCount = 24

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let m = block.half(at: 2)
        let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        for j in 0..<16 {
            let q = UInt32(block.byte(at: 8 + j))
            let low = (q & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
            let high = (q >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
            output[j] = d * Float(low) + m
            output[j + 16] = d * Float(high) + m
        }
    }
}
