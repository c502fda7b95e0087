/// Element-wise and row-wise kernels of the forward pass, written as plain loops over
/// pointers that the optimiser vectorises (no calls into libm in the hot loops).
///
/// ```swift
/// Kernels.softmax(rowsOf: scores, rows: 4, columns: 4, validColumns: { _ in 4 })
/// ```
enum Kernels {
    /// `exp(x)` to about 2 ulp for x in [-87, 88], 0 below: Cody-Waite range reduction and a
    /// degree-6 polynomial, branch-free so loops over it vectorise.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.3), 88.3)
        let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_1e-4
        p = p * r + 1.398_199_9e-3
        p = p * r + 8.333_452e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 0.166_666_66
        p = p * r + 0.5
        p = p * r * r + r + 1
        let scale = Float(bitPattern: UInt32(bitPattern: Int32(n) + 127) << 23)
        return x < -87.3 ? 0 : p * scale
    }

    /// `erf(x)` to about 1.5e-7 (Abramowitz & Stegun 7.1.26 refined), branch-free.
    @inline(__always)
    static func erf(_ x: Float) -> Float {
        let a = Swift.abs(x)
        let t = 1 / (1 + 0.327_591_1 * a)
        var p: Float = 1.061_405_429
        p = p * t - 1.453_152_027
        p = p * t + 1.421_413_741
        p = p * t - 0.284_496_736
        p = p * t + 0.254_829_592
        let y = 1 - p * t * exp(-a * a)
        return x < 0 ? -y : y
    }

    /// `tanh(x)`, branch-free via `exp`.
    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -10), 10)
        let e = exp(2 * clamped)
        return (e - 1) / (e + 1)
    }

    /// Applies the activation to `count` values in place.
    static func activate(_ values: UnsafeMutablePointer<Float>, count: Int, _ activation: ModelConfig.Activation) {
        switch activation {
        case .gelu:
            for i in 0..<count {
                let x = values[i]
                values[i] = 0.5 * x * (1 + erf(x * 0.707_106_77))
            }
        case .geluTanh:
            for i in 0..<count {
                let x = values[i]
                values[i] = 0.5 * x * (1 + tanh(0.797_884_6 * (x + 0.044_715 * x * x * x)))
            }
        case .relu:
            for i in 0..<count { values[i] = Swift.max(values[i], 0) }
        }
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
            var sum: Float = 0
            for i in 0..<width { sum += row[i] }
            let mean = sum / Float(width)
            var squares: Float = 0
            for i in 0..<width {
                let d = row[i] - mean
                squares += d * d
            }
            let inverse = 1 / (squares / Float(width) + epsilon).squareRoot()
            for i in 0..<width { row[i] = (row[i] - mean) * inverse * gamma[i] + beta[i] }
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

    /// Softmax of each row of `scores` (row `r` starts at `scores + r * stride`) over its first
    /// `columns` entries; entries from `validColumns(r)` on get probability 0 (causal mask).
    static func softmax(
        _ scores: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int,
        validColumns: (Int) -> Int
    ) {
        for r in 0..<rows {
            let row = scores + r * stride
            let valid = Swift.max(1, Swift.min(columns, validColumns(r)))
            var maximum = -Float.infinity
            for i in 0..<valid { maximum = Swift.max(maximum, row[i]) }
            var sum: Float = 0
            for i in 0..<valid {
                let e = exp(row[i] - maximum)
                row[i] = e
                sum += e
            }
            let inverse = 1 / sum
            for i in 0..<valid { row[i] *= inverse }
            if valid < columns { (row + valid).update(repeating: 0, count: columns - valid) }
        }
    }
}
