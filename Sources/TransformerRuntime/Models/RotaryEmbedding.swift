import Foundation

/// Rotary position embedding in the rotate-half convention of Hugging Face's Llama: for the
/// first `r` dimensions of each head vector `x` at position `t` (`r` = the rotary dimensions, the
/// whole head unless `partial_rotary_factor` says less), with `θᵢ = t · fᵢ` (`fᵢ = base^(−2i/r)`,
/// rescaled by `rope_scaling`), `x'ᵢ = xᵢ·cos θᵢ − x_{i+r/2}·sin θᵢ` and
/// `x'_{i+r/2} = x_{i+r/2}·cos θᵢ + xᵢ·sin θᵢ`; dimensions past `r` pass unchanged. LongRoPE
/// also scales cos and sin by its attention factor. Frequencies and angles are Float32 as in
/// transformers, so long sequences rotate exactly as the reference does.
///
/// ```swift
/// let rope = RotaryEmbedding(config: config, sequence: 12)
/// rope.apply(to: qkv, rowStride: 960, heads: 9 + 3, headSize: 64, rows: 12)
/// ```
struct RotaryEmbedding: Sendable {
    /// `cos θ` and `sin θ` per position, `d/2` of each.
    let cosines: [Float]
    let sines: [Float]
    let half: Int

    /// The inverse frequencies `fᵢ` for `config`, for a sequence of `sequence` positions (which
    /// only dynamic scaling depends on).
    static func inverseFrequencies(config: ModelConfig, sequence: Int) -> [Float] {
        let d = config.rotaryDimensions
        var base = config.ropeTheta
        if case .dynamic(let factor, let original)? = config.ropeScaling, sequence > original {
            base *= pow(factor * Double(sequence) / Double(original) - (factor - 1), Double(d) / Double(d - 2))
        }
        let floatBase = Float(base)
        var frequencies = (0..<(d / 2)).map { i -> Float in
            let exponent = Float(2 * i) / Float(d)
            return 1 / Float(pow(Double(floatBase), Double(exponent)))
        }
        switch config.ropeScaling {
        case .linear(let factor)?:
            frequencies = frequencies.map { $0 / Float(factor) }
        case .llama3(let factor, let low, let high, let original)?:
            let lowWavelength = Double(original) / low
            let highWavelength = Double(original) / high
            frequencies = frequencies.map { f in
                let wavelength = 2 * Double.pi / Double(f)
                if wavelength < highWavelength { return f }
                if wavelength > lowWavelength { return f / Float(factor) }
                let smooth = (Double(original) / wavelength - low) / (high - low)
                return Float((1 - smooth) * Double(f) / factor + smooth * Double(f))
            }
        case .longrope(let short, let long, _, let original)?:
            // transformers: 1 / (factor · base^(2i/r)), the long factors once the sequence outgrows
            // the pretrained context.
            let factors = sequence > original ? long : short
            frequencies = (0..<(d / 2)).map { i -> Float in
                let exponent = Float(2 * i) / Float(d)
                return 1 / (Float(factors[i]) * Float(pow(Double(floatBase), Double(exponent))))
            }
        case .dynamic?, nil:
            break
        }
        return frequencies
    }

    /// The factor on cos and sin (LongRoPE's attention factor, else 1).
    static func amplitude(config: ModelConfig) -> Float {
        if case .longrope(_, _, let factor, _)? = config.ropeScaling { return Float(factor) }
        return 1
    }

    init(config: ModelConfig, sequence: Int) {
        let frequencies = Self.inverseFrequencies(config: config, sequence: sequence)
        let amplitude = Self.amplitude(config: config)
        half = frequencies.count
        var cosines = [Float](repeating: 0, count: sequence * half)
        var sines = cosines
        for t in 0..<sequence {
            for i in 0..<half {
                let angle = Double(Float(t) * frequencies[i])
                cosines[t * half + i] = Float(cos(angle)) * amplitude
                sines[t * half + i] = Float(sin(angle)) * amplitude
            }
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// Rotates `heads` consecutive head vectors of each of `rows` rows (row `t` at
    /// `values + t * rowStride`, position `firstPosition + t`) in place.
    func apply(to values: UnsafeMutablePointer<Float>, rowStride: Int, heads: Int, headSize d: Int, rows: Int, firstPosition: Int = 0) {
        cosines.withUnsafeBufferPointer { cosBuffer in
        sines.withUnsafeBufferPointer { sinBuffer in
            guard let cosBase = cosBuffer.baseAddress, let sinBase = sinBuffer.baseAddress else { return }
            for t in 0..<rows {
                let c = cosBase + (firstPosition + t) * half
                let s = sinBase + (firstPosition + t) * half
                for h in 0..<heads {
                    let x = values + t * rowStride + h * d
                    for i in 0..<half {
                        let a = x[i], b = x[i + half]
                        x[i] = a * c[i] - b * s[i]
                        x[i + half] = b * c[i] + a * s[i]
                    }
                }
            }
        }}
    }
}
