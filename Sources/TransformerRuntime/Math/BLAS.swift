/// The few matrix products the forward pass needs, as row-major `cblas_sgemm` calls into the
/// `BLASLibrary`.
///
/// ```swift
/// // y[rows, out] = x[rows, in] · Wᵀ + b, with W stored [out, in] (torch.nn.Linear)
/// BLAS.linear(x, rows: n, inputs: 384, weight: w, bias: b, outputs: 384, weightLayout: .outputsByInputs, into: y, stride: 384)
/// ```
enum BLAS {
    /// How a weight matrix is stored.
    enum WeightLayout {
        /// `[out, in]`, PyTorch `nn.Linear`.
        case outputsByInputs
        /// `[in, out]`, GPT-2's `Conv1D`.
        case inputsByOutputs
    }

    /// `y = x · W(ᵀ) + b` for `rows` rows; `y` rows are `stride` floats apart. `weightStride`
    /// is the distance between weight rows when `weight` is a slice of a wider matrix (columns
    /// of an `[in, out]` one).
    static func linear(
        _ x: UnsafePointer<Float>, rows: Int, inputs: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outputs: Int, weightLayout: WeightLayout,
        into y: UnsafeMutablePointer<Float>, stride: Int, inputStride: Int? = nil, weightStride: Int? = nil
    ) {
        if let bias {
            for r in 0..<rows { (y + r * stride).update(from: bias, count: outputs) }
        }
        let transB = weightLayout == .outputsByInputs ? BLASLibrary.transpose : BLASLibrary.noTranspose
        let ldb = weightStride ?? (weightLayout == .outputsByInputs ? inputs : outputs)
        BLASLibrary.shared.sgemm(BLASLibrary.rowMajor, BLASLibrary.noTranspose, transB, Int32(rows), Int32(outputs), Int32(inputs),
                    1, x, Int32(inputStride ?? inputs), weight, Int32(ldb), bias == nil ? 0 : 1, y, Int32(stride))
    }

    /// `c[m, n] = alpha · a[m, k] · b[n, k]ᵀ` (scores: queries against keys).
    static func multiplyTransposed(
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        m: Int, n: Int, k: Int, alpha: Float, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASLibrary.shared.sgemm(BLASLibrary.rowMajor, BLASLibrary.noTranspose, BLASLibrary.transpose, Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// `c[m, n] = a[m, k] · b[k, n]` (context: probabilities times values).
    static func multiply(
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        m: Int, n: Int, k: Int, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        BLASLibrary.shared.sgemm(BLASLibrary.rowMajor, BLASLibrary.noTranspose, BLASLibrary.noTranspose, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }
}
