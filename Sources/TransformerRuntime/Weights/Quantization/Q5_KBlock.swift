/// ggml `block_q5_K`: 256 weights in 176 bytes, as 8 sub-blocks of 32 with 6-bit scales and mins.
///
///     bytes 0..<2     d       float16 super-scale
///     bytes 2..<4     dmin    float16 super-min
///     bytes 4..<16    scales  as Q4_K (`Q4_KBlock.scaleAndMin`)
///     bytes 16..<48   qh      fifth bit of weight 32b + l is bit b of qh[l]
///     bytes 48..<176  qs      low 4 bits; weight 64c + 32s + l is nibble s of qs[32c + l]
///     weight e = (d × scale) × q − (dmin × min), sub-block e / 32
///
/// ```swift
/// Q5_KBlock.dequantize(blockPointer, into: output)   // writes output[0..<256]
/// ```
struct Q5_KBlock: QuantizedBlock {
    static let elementCount = 256
    static let byteCount = 176

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 0)
        let dmin = block.half(at: 2)
        let high = block + 16
        for chunk in 0..<4 {
            let quants = block + 48 + chunk * 32
            let (scaleLow, minLow) = Q4_KBlock.scaleAndMin(chunk * 2, block + 4)
            let (scaleHigh, minHigh) = Q4_KBlock.scaleAndMin(chunk * 2 + 1, block + 4)
            let d1 = d * scaleLow, m1 = dmin * minLow
            let d2 = d * scaleHigh, m2 = dmin * minHigh
            let bitLow = UInt8(chunk * 2), bitHigh = UInt8(chunk * 2 + 1)
            let target = output + chunk * 64
            for l in 0..<32 {
                let q = quants.byte(at: l)
                let h = high.byte(at: l)
                target[l] = d1 * Float((q & 0x0F) | ((h >> bitLow) & 1) << 4) - m1
                target[l + 32] = d2 * Float((q >> 4) | ((h >> bitHigh) & 1) << 4) - m2
            }
        }
    }
}
