/// ggml `block_q4_0`: 32 weights in 18 bytes.
///
///     bytes 0..<2    d    float16 scale
///     bytes 2..<18   qs   16 bytes of 4-bit quants: weight j is the low nibble of qs[j],
///                         weight j + 16 the high nibble
///     weight = d × (q − 8)
///
/// ```swift
/// Q4_0Block.dequantize(blockPointer, into: output)   // writes output[0..<32]
/// ```
struct Q4_0Block: QuantizedBlock {
    static let elementCount = 32
    static let byteCount = 18

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        for j in 0..<16 {
            let q = block.byte(at: 2 + j)
            output[j] = d * Float(Int32(q & 0x0F) - 8)
            output[j + 16] = d * Float(Int32(q >> 4) - 8)
        }
    }
}
