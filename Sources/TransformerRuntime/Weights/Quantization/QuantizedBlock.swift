import Attention

/// One ggml block layout: `elementCount` weights packed into `byteCount` bytes, with a function
/// that unpacks one block into `Float`s. Blocks are read straight from the memory map (they are
/// not aligned, so every field is loaded unaligned and little-endian).
///
/// The arithmetic of each `dequantize` is the one ggml's `dequantize_row_*` and gguf-py's NumPy
/// `dequantize_blocks` do, in the same order (a product, then a sum, each rounded to `Float`),
/// so the values agree with both bit for bit.
///
/// ```swift
/// // 2 Q4_0 blocks (36 bytes at `source`) into 64 floats
/// Q4_0Block.dequantize(blocks: 2, from: source, into: output)
/// ```
protocol QuantizedBlock {
    /// Weights in one block.
    static var elementCount: Int { get }
    /// Bytes of one block in the file.
    static var byteCount: Int { get }
    /// Unpacks the block at `block` into `output[0..<elementCount]`.
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>)
    /// Unpacks `blocks` consecutive blocks starting at `source`.
    static func dequantize(blocks: Int, from source: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>)
}

extension QuantizedBlock {
    static func dequantize(blocks: Int, from source: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        for block in 0..<blocks {
            dequantize(source + block * byteCount, into: output + block * elementCount)
        }
    }
}

extension UnsafeRawPointer {
    /// The IEEE half-precision float stored little-endian at `offset`, as `Float` (exact).
    @inline(__always)
    func half(at offset: Int) -> Float {
        ScalarType.floatFromHalf(UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// The byte at `offset`.
    @inline(__always)
    func byte(at offset: Int) -> UInt8 {
        load(fromByteOffset: offset, as: UInt8.self)
    }
}
