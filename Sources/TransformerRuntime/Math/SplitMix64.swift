/// SplitMix64 (Steele, Lea and Flood 2014): a small seeded generator, so sampling and random
/// probes repeat exactly for a seed on every machine.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// random.uniform()          // in [0, 1)
/// random.below(50_000)      // in 0..<50_000
/// ```
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Uniform in `0..<bound` (bound > 0), without modulo bias.
    mutating func below(_ bound: Int) -> Int {
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        var x = next()
        while x >= limit { x = next() }
        return Int(x % b)
    }
}
