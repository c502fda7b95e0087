/// ggml `block_q5_0`: 32 weights in 22 bytes.
///
///     bytes 0..<2    d    float16 scale
///     bytes 2..<6    qh   uint32, bit j is the fifth (high) bit of weight j
///     bytes 6..<22   qs   low 4 bits: weight j in the low nibble of qs[j], weight j + 16 in the high
///     weight = d × (q − 16)
///
/// ```swift
/// Q5_0Block.dequantize(blockPointer, into: output)   // writes output[0..<32]
/// ```
struct Q5_0Block: QuantizedBlock {
    static let elementCount = 32
    static let byteCount = 22

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let qh = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        for j in 0..<16 {
            let q = UInt32(block.byte(at: 6 + j))
            let low = (q & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
            let high = (q >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
            output[j] = d * Float(Int32(low) - 16)
            output[j + 16] = d * Float(Int32(high) - 16)
        }
    }
}
