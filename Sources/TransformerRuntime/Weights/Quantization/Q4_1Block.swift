/// ggml `block_q4_1`: 32 weights in 20 bytes.
///
///     bytes 0..<2    d    float16 scale
///     bytes 2..<4    m    float16 minimum
///     bytes 4..<20   qs   4-bit quants: weight j is the low nibble of qs[j], weight j + 16 the high
///     weight = d × q + m
///
/// ```swift
/// Q4_1Block.dequantize(blockPointer, into: output)   // writes output[0..<32]
/// ```
struct Q4_1Block: QuantizedBlock {
    static let elementCount = 32
    static let byteCount = 20

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let m = block.half(at: 2)
        for j in 0..<16 {
            let q = block.byte(at: 4 + j)
            output[j] = d * Float(q & 0x0F) + m
            output[j + 16] = d * Float(q >> 4) + m
        }
    }
}
