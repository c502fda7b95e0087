import Testing

/// How close a family's values must be to PyTorch's: |swift − torch| ≤ rtol·|torch| + atol for
/// every value. The small absolute floor keeps the many tiny attention weights (a fifth of them
/// are below 1e-4) checked relative to their size instead of passing any value under 1e-4.
///
/// ```swift
/// let report = GoldenTolerance.miniLM.compare(got, expected)
/// #expect(report.passes, "\(report)")
/// ```
struct GoldenTolerance: CustomStringConvertible {
    var rtol: Float
    var atol: Float

    var description: String { "rtol \(rtol), atol \(atol)" }

    // Per family, about 6x the worst case measured against the fixtures (OpenBLAS, x86-64,
    // debug build): the rtol each needs with a 1e-8 floor.
    /// MiniLM (BERT): needs 6.2e-6 (pair).
    static let miniLM = GoldenTolerance(rtol: 4e-5, atol: 1e-8)
    /// Tiny GPT-2: needs 7.5e-7.
    static let gpt2 = GoldenTolerance(rtol: 5e-6, atol: 1e-8)
    /// Tiny RoBERTa and DistilBERT: need 9.9e-7.
    static let encoders = GoldenTolerance(rtol: 6e-6, atol: 1e-8)
    /// Tiny Llama, Mistral, Qwen2 and the rope-scaling variants: need 1.6e-6 (llama3 scaling).
    static let llamaFamily = GoldenTolerance(rtol: 1e-5, atol: 1e-8)
    /// Tiny Qwen3, Phi-3 (also LongRoPE) and Gemma 2: need 6.0e-6 (Gemma 2, soft-capped scores).
    static let newerFamilies = GoldenTolerance(rtol: 4e-5, atol: 1e-8)
    /// SmolLM2-135M Q4_1 GGUF against transformers' GGUF loader: needs 2.0e-5 (Chinese).
    static let smolLM2 = GoldenTolerance(rtol: 1.2e-4, atol: 1e-8)

    /// What a comparison found: the worst value's share of its allowance (≤ 1 passes), the
    /// largest absolute and (for |torch| ≥ 1e-6) relative differences, and how many values.
    struct Report: CustomStringConvertible {
        var tolerance: GoldenTolerance
        var worstShare: Float = 0
        var worstIndex = -1
        var worstPair: (Float, Float) = (0, 0)
        var largestAbsolute: Float = 0
        var largestRelative: Float = 0
        var count = 0
        var tiny = 0

        var passes: Bool { worstShare <= 1 && count > 0 }
        var description: String {
            "\(tolerance): worst value [\(worstIndex)] swift \(worstPair.0) torch \(worstPair.1) uses "
                + "\(worstShare) of its allowance; max |diff| \(largestAbsolute), max relative \(largestRelative); "
                + "\(tiny) of \(count) values below 1e-4"
        }
    }

    func compare(_ got: [Float], _ expected: [Float]) -> Report {
        var report = Report(tolerance: self)
        #expect(got.count == expected.count, "\(got.count) values, \(expected.count) expected")
        for (i, (a, b)) in zip(got, expected).enumerated() {
            let d = abs(a - b)
            let share = d / (rtol * abs(b) + atol)
            if share > report.worstShare || report.worstIndex < 0 {
                report.worstShare = share; report.worstIndex = i; report.worstPair = (a, b)
            }
            report.largestAbsolute = max(report.largestAbsolute, d)
            if abs(b) >= 1e-6 { report.largestRelative = max(report.largestRelative, d / abs(b)) }
            if abs(b) < 1e-4 { report.tiny += 1 }
            report.count += 1
        }
        return report
    }
}
