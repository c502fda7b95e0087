/// ggml `block_q8_0`: 32 weights in 34 bytes.
///
///     bytes 0..<2    d    float16 scale
///     bytes 2..<34   qs   32 signed 8-bit quants
///     weight = q × d
///
/// ```swift
/// Q8_0Block.dequantize(blockPointer, into: output)   // writes output[0..<32]
/// ```
struct Q8_0Block: QuantizedBlock {
    static let elementCount = 32
    static let byteCount = 34

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        for j in 0..<32 {
            output[j] = Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) * d
        }
    }
}
