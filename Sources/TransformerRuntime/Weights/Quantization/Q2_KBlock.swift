/// ggml `block_q2_K`: 256 weights in 84 bytes, as 16 sub-blocks of 16 with 4-bit scales and mins.
///
///     bytes 0..<16   scales  sub-block i: scale = low nibble, min = high nibble
///     bytes 16..<80  qs      2-bit quants; weight 128h + 32s + l is bits 2s..2s+1 of qs[32h + l]
///     bytes 80..<82  d       float16 super-scale
///     bytes 82..<84  dmin    float16 super-min
///     weight e = (d × scale) × q − (dmin × min), sub-block e / 16
///
/// ```swift
/// Q2_KBlock.dequantize(blockPointer, into: output)   // writes output[0..<256]
/// ```
struct Q2_KBlock: QuantizedBlock {
    static let elementCount = 256
    static let byteCount = 84

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 80)
        let dmin = block.half(at: 82)
        for half in 0..<2 {
            for shift in 0..<4 {
                for sub in 0..<2 {
                    let scale = block.byte(at: half * 8 + shift * 2 + sub)
                    let dl = d * Float(scale & 0x0F)
                    let ml = dmin * Float(scale >> 4)
                    let quants = 16 + half * 32 + sub * 16
                    let target = output + half * 128 + shift * 32 + sub * 16
                    for l in 0..<16 {
                        let q = (block.byte(at: quants + l) >> UInt8(2 * shift)) & 3
                        target[l] = dl * Float(q) - ml
                    }
                }
            }
        }
    }
}
