/// ggml `block_q6_K`: 256 weights in 210 bytes, as 16 sub-blocks of 16 with signed 8-bit scales.
///
///     bytes 0..<128    ql      low 4 bits; weight 128h + 64s + m is nibble s of ql[64h + m]
///     bytes 128..<192  qh      high 2 bits; weight 128h + 32s + l is bits 2s..2s+1 of qh[32h + l]
///     bytes 192..<208  scales  16 signed 8-bit scales
///     bytes 208..<210  d       float16 super-scale
///     weight e = (d × scale) × (q − 32), sub-block e / 16
///
/// ```swift
/// Q6_KBlock.dequantize(blockPointer, into: output)   // writes output[0..<256]
/// ```
struct Q6_KBlock: QuantizedBlock {
    static let elementCount = 256
    static let byteCount = 210

    @inline(__always)
    static func dequantize(_ block: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        let d = block.half(at: 208)
        for half in 0..<2 {
            let low = block + half * 64
            let high = block + 128 + half * 32
            let target = output + half * 128
            for sub in 0..<2 {
                // Weights l + 32k (k = 0..<4) of this half lie in sub-blocks 8h + 2k + sub.
                var scales = (Float(0), Float(0), Float(0), Float(0))
                let first = 192 + half * 8 + sub
                scales.0 = d * Float(block.load(fromByteOffset: first, as: Int8.self))
                scales.1 = d * Float(block.load(fromByteOffset: first + 2, as: Int8.self))
                scales.2 = d * Float(block.load(fromByteOffset: first + 4, as: Int8.self))
                scales.3 = d * Float(block.load(fromByteOffset: first + 6, as: Int8.self))
                for l in (sub * 16)..<(sub * 16 + 16) {
                    let a = low.byte(at: l), b = low.byte(at: l + 32), h = high.byte(at: l)
                    let q0 = Int32((a & 0x0F) | (h & 3) << 4) - 32
                    let q1 = Int32((b & 0x0F) | ((h >> 2) & 3) << 4) - 32
                    let q2 = Int32((a >> 4) | ((h >> 4) & 3) << 4) - 32
                    let q3 = Int32((b >> 4) | ((h >> 6) & 3) << 4) - 32
                    target[l] = scales.0 * Float(q0)
                    target[l + 32] = scales.1 * Float(q1)
                    target[l + 64] = scales.2 * Float(q2)
                    target[l + 96] = scales.3 * Float(q3)
                }
            }
        }
    }
}
