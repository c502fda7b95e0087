import CKernels

/// Row-wise and element-wise kernels of the forward pass. Softmax and the activations run in
/// `CKernels` (one 8-lane source compiled for AVX2 + FMA and for the baseline, picked at run
/// time); layer normalisation is a plain loop here.
///
/// ```swift
/// Kernels.softmax(scores, rows: 4, columns: 4, stride: 4, causalOffset: nil)
/// ```
enum Kernels {
    /// The sum of `count` floats, eight lanes at a time (a plain loop's reduction would stay
    /// scalar: float addition is not reassociated without fast-math).
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            lanes += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += p[i]
            i += 1
        }
        return total
    }

    /// The sum of the squares of `count` floats, eight lanes at a time.
    @inline(__always)
    static func sumOfSquares(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            lanes += v * v
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += p[i] * p[i]
            i += 1
        }
        return total
    }

    /// Applies the activation to `count` values in place.
    static func activate(_ values: UnsafeMutablePointer<Float>, count: Int, _ activation: ModelConfig.Activation) {
        let kind = switch activation {
        case .gelu: Int32(ATTNVIZ_GELU)
        case .geluTanh: Int32(ATTNVIZ_GELU_TANH)
        case .relu: Int32(ATTNVIZ_RELU)
        case .silu: Int32(ATTNVIZ_SILU)
        }
        attnviz_activate(values, count, kind)
    }

    /// Softmax of each row of `scores` (row `r` starts at `scores + r * stride`) over its first
    /// `columns` entries. With a `causalOffset`, row `r` sees only its first `causalOffset + r + 1`
    /// entries and the rest get probability 0 (the causal mask of a block starting at that row).
    static func softmax(_ scores: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int, causalOffset: Int?,
                        logSumExp: UnsafeMutablePointer<Float>? = nil) {
        attnviz_softmax_rows(scores, rows, columns, stride, causalOffset ?? -1, logSumExp)
    }

    /// Layer normalisation of each `width`-float row of `x` (in place), optionally adding
    /// `residual` first: `x = LN(x + residual) * gamma + beta`.
    static func layerNorm(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, residual: UnsafePointer<Float>? = nil,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        for r in 0..<rows {
            let row = x + r * width
            if let residual {
                let add = residual + r * width
                for i in 0..<width { row[i] += add[i] }
            }
            let mean = sum(row, width) / Float(width)
            for i in 0..<width { row[i] -= mean }
            let inverse = 1 / (sumOfSquares(row, width) / Float(width) + epsilon).squareRoot()
            for i in 0..<width { row[i] = row[i] * inverse * gamma[i] + beta[i] }
        }
    }

    /// Layer normalisation of `x` into `out` (GPT-2's pre-norm keeps the residual stream).
    static func layerNorm(
        _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        out.update(from: x, count: rows * width)
        layerNorm(out, rows: rows, width: width, gamma: gamma, beta: beta, epsilon: epsilon)
    }
}
