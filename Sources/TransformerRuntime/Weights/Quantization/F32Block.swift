/// ggml `F32`: little-endian float32, copied as is.
///
/// ```swift
/// F32Block.dequantize(blocks: 64, from: source, into: output)   // one copy of 256 bytes
/// ```
struct F32Block: QuantizedBlock {
    static let elementCount = 1
    static let byteCount = 4

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        output[0] = Float(bitPattern: UInt32(littleEndian: block.loadUnaligned(as: UInt32.self)))
    }

    static func dequantize(blocks: Int, from source: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        #if _endian(little)
        UnsafeMutableRawPointer(output).copyMemory(from: source, byteCount: blocks * byteCount)
        #else
        for i in 0..<blocks {
            dequantize(source + i * byteCount, into: output + i)
        }
        #endif
    }
}
