import Attention

/// Deterministic softmax attention for tests: every row sums to 1, some heads sharp (a sink on
/// token 0, the previous token, the token itself), some diffuse, as real models have.
enum SyntheticAttention {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Float { Float(next() >> 40) / Float(1 << 24) }
    }

    static func values(layers: Int, heads: Int, tokens n: Int, seed: UInt64 = 7) -> [Float] {
        var rng = SplitMix(state: seed)
        var out = [Float]()
        out.reserveCapacity(layers * heads * n * n)
        for _ in 0..<layers {
            for h in 0..<heads {
                let sharpness = 1 + 4 * rng.unit()
                for q in 0..<n {
                    var row = (0..<n).map { _ in (rng.unit() * 2 - 1) * sharpness }
                    switch h % 4 {
                    case 0: row[0] += 4
                    case 1: if q > 0 { row[q - 1] += 5 }
                    case 2: row[q] += 4
                    default: break
                    }
                    let top = row.max() ?? 0
                    let e = row.map { Float(exp(Double($0 - top))) }
                    let sum = e.reduce(0, +)
                    out += e.map { $0 / sum }
                }
            }
        }
        return out
    }

    static func tensor(layers: Int, heads: Int, tokens n: Int, seed: UInt64 = 7) throws -> AttentionTensor {
        try AttentionTensor(shape: [layers, heads, n, n], values: values(layers: layers, heads: heads, tokens: n, seed: seed))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
