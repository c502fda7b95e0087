/// ggml `block_q4_K`: 256 weights in 144 bytes, as 8 sub-blocks of 32 with 6-bit scales and mins.
///
///     bytes 0..<2     d       float16 super-scale
///     bytes 2..<4     dmin    float16 super-min
///     bytes 4..<16    scales  eight 6-bit scales and eight 6-bit mins (see `scaleAndMin`)
///     bytes 16..<144  qs      4-bit quants; weight 64c + 32s + l is nibble s of qs[32c + l]
///     weight e = (d × scale) × q − (dmin × min), sub-block e / 32
///
/// ```swift
/// Q4_KBlock.dequantize(blockPointer, into: output)   // writes output[0..<256]
/// ```
struct Q4_KBlock: QuantizedBlock {
    static let elementCount = 256
    static let byteCount = 144

    /// Scale and min of sub-block `index` (0..<8) from the 12 bytes at `scales` (shared with
    /// Q5_K): sub-blocks 0..<4 keep the low 6 bits of bytes `index` (scale) and `index + 4`
    /// (min); sub-blocks 4..<8 take their low 4 bits from byte `index + 4` (scale: low nibble,
    /// min: high nibble) and their top 2 bits from the top 2 bits of bytes `index − 4` (scale)
    /// and `index` (min).
    @inline(__always)
    static func scaleAndMin(_ index: Int, _ scales: UnsafeRawPointer) -> (scale: Float, min: Float) {
        if index < 4 {
            return (Float(scales.byte(at: index) & 63), Float(scales.byte(at: index + 4) & 63))
        }
        let packed = scales.byte(at: index + 4)
        let scale = (packed & 0x0F) | (scales.byte(at: index - 4) >> 6) << 4
        let min = (packed >> 4) | (scales.byte(at: index) >> 6) << 4
        return (Float(scale), Float(min))
    }

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let dmin = block.half(at: 2)
        for chunk in 0..<4 {
            let quants = block + 16 + chunk * 32
            let (scaleLow, minLow) = scaleAndMin(chunk * 2, block + 4)
            let (scaleHigh, minHigh) = scaleAndMin(chunk * 2 + 1, block + 4)
            let d1 = d * scaleLow, m1 = dmin * minLow
            let d2 = d * scaleHigh, m2 = dmin * minHigh
            let target = output + chunk * 64
            for l in 0..<32 {
                let q = quants.byte(at: l)
                target[l] = d1 * Float(q & 0x0F) - m1
                target[l + 32] = d2 * Float(q >> 4) - m2
            }
        }
    }
}
