/// ggml `block_q3_K`: 256 weights in 110 bytes, as 16 sub-blocks of 16 with signed 6-bit scales.
///
///     bytes 0..<32    hmask   high bit of weight 32b + l is bit b of hmask[l]; a clear bit
///                             subtracts 4
///     bytes 32..<96   qs      low 2 bits; weight 128h + 32s + l is bits 2s..2s+1 of qs[32h + l]
///     bytes 96..<108  scales  sixteen 6-bit scales: the low 4 bits of scale i are the low
///                             (i < 8) or high (i ≥ 8) nibble of byte i % 8, the high 2 bits are
///                             bits 2(i / 4).. of byte 8 + i % 4; each minus 32
///     bytes 108..<110 d       float16 super-scale
///     weight e = (d × scale) × (q − 4 × (1 − hbit)), sub-block e / 16
///
/// ```swift
/// Q3_KBlock.dequantize(blockPointer, into: output)   // writes output[0..<256]
/// ```
struct Q3_KBlock: QuantizedBlock {
    static let elementCount = 256
    static let byteCount = 110

    /// Signed scale `index` (0..<16) from the 12 packed bytes at `scales`.
    @inline(__always)
    static func scale(_ index: Int, _ block: UnsafeRawPointer) -> Int32 {
        let packed = block.byte(at: 96 + index % 8)
        let low = index < 8 ? packed & 0x0F : packed >> 4
        let high = (block.byte(at: 104 + index % 4) >> UInt8(2 * (index / 4))) & 3
        return Int32(low | high << 4) - 32
    }

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 108)
        for half in 0..<2 {
            for shift in 0..<4 {
                let bit = UInt8(half * 4 + shift)
                for sub in 0..<2 {
                    let dl = d * Float(scale(half * 8 + shift * 2 + sub, block))
                    let target = output + half * 128 + shift * 32 + sub * 16
                    for l in (sub * 16)..<(sub * 16 + 16) {
                        let low = Int32((block.byte(at: 32 + half * 32 + l) >> UInt8(2 * shift)) & 3)
                        let high = (block.byte(at: l) >> bit) & 1
                        target[l - sub * 16] = dl * Float(high == 0 ? low - 4 : low)
                    }
                }
            }
        }
    }
}
