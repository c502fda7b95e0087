/// ggml `BF16`: bfloat16, the top 16 bits of a float32, so converting is a shift (exact).
///
/// ```swift
/// BF16Block.dequantize(blocks: 64, from: source, into: output)   // 64 bfloat16 → 64 floats
/// ```
struct BF16Block: QuantizedBlock {
    static let elementCount = 1
    static let byteCount = 2

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let bits = UInt16(littleEndian: block.loadUnaligned(as: UInt16.self))
        output[0] = Float(bitPattern: UInt32(bits) << 16)
    }

    static func dequantize(blocks: Int, from source: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        for i in 0..<blocks {
            let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
            output[i] = Float(bitPattern: UInt32(bits) << 16)
        }
    }
}
