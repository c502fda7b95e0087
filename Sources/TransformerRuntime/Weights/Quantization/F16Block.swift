/// ggml `F16`: one IEEE half-precision float per 2 bytes, converted exactly (subnormals,
/// infinities and NaN payloads included).
///
/// ```swift
/// F16Block.dequantize(blocks: 64, from: source, into: output)   // 64 halves → 64 floats
/// ```
struct F16Block: QuantizedBlock {
    static let elementCount = 1
    static let byteCount = 2

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        output[0] = block.half(at: 0)
    }

    static func dequantize(blocks: Int, from source: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        for i in 0..<blocks {
            output[i] = source.half(at: 2 * i)
        }
    }
}
