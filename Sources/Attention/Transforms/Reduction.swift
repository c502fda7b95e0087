/// How several matrices (the heads of a layer, or the layers of a head) are combined into one.
///
/// ```swift
/// let meanOfHeads = try tensor.reduced(overHeads: .mean)     // [layers, 1, q, k]
/// let strongest = try tensor.reducedHeads(layer: 2, .max)    // one q x k matrix
/// ```
public enum Reduction: String, CaseIterable, Sendable {
    /// Element-wise arithmetic mean.
    case mean
    /// Element-wise maximum.
    case max
    /// Element-wise minimum.
    case min

    /// Combines equally shaped matrices element by element. `matrices` must not be empty.
    public func combine(_ matrices: [AttentionMatrix]) throws(AttentionError) -> AttentionMatrix {
        var accumulator = Accumulator(self)
        for matrix in matrices { try accumulator.add(matrix) }
        return try accumulator.result()
    }

    /// Streams matrices into a running reduction so only one input matrix is alive at a time
    /// (what keeps reductions over memory-mapped tensors small).
    public struct Accumulator: Sendable {
        public let reduction: Reduction
        private var values: [Float] = []
        private var rows = 0
        private var columns = 0
        private var count = 0

        /// Starts an empty reduction.
        public init(_ reduction: Reduction) { self.reduction = reduction }

        /// Adds one matrix; all matrices must have the same shape.
        public mutating func add(_ matrix: AttentionMatrix) throws(AttentionError) {
            if count == 0 {
                values = matrix.values
                rows = matrix.rows
                columns = matrix.columns
                count = 1
                return
            }
            guard matrix.rows == rows, matrix.columns == columns else {
                throw .shapeMismatch("cannot combine a \(matrix.rows)x\(matrix.columns) matrix with \(rows)x\(columns) ones")
            }
            count += 1
            matrix.values.withUnsafeBufferPointer { input in
                values.withUnsafeMutableBufferPointer { out in
                    switch reduction {
                    case .mean:
                        for i in 0..<out.count { out[i] += input[i] }
                    case .max:
                        for i in 0..<out.count where input[i] > out[i] || input[i].isNaN { out[i] = input[i] }
                    case .min:
                        for i in 0..<out.count where input[i] < out[i] || input[i].isNaN { out[i] = input[i] }
                    }
                }
            }
        }

        /// The combined matrix; throws when nothing was added.
        public func result() throws(AttentionError) -> AttentionMatrix {
            guard count > 0 else { throw .invalidParameter("nothing to \(reduction.rawValue): no matrices") }
            var out = values
            if reduction == .mean && count > 1 {
                let scale = 1 / Float(count)
                for i in out.indices { out[i] *= scale }
            }
            return AttentionMatrix(rows: rows, columns: columns, values: out)
        }
    }
}

extension AttentionTensor {
    /// The heads of one layer combined into one matrix, reading one head at a time.
    public func reducedHeads(layer: Int, _ reduction: Reduction) throws(AttentionError) -> AttentionMatrix {
        var accumulator = Reduction.Accumulator(reduction)
        for head in 0..<shape.heads { try accumulator.add(matrix(layer: layer, head: head)) }
        return try accumulator.result()
    }

    /// One head combined across all layers into one matrix, reading one matrix at a time.
    public func reducedLayers(head: Int, _ reduction: Reduction) throws(AttentionError) -> AttentionMatrix {
        var accumulator = Reduction.Accumulator(reduction)
        for layer in 0..<shape.layers { try accumulator.add(matrix(layer: layer, head: head)) }
        return try accumulator.result()
    }

    /// The tensor with its heads combined: shape `[layers, 1, queries, keys]`.
    public func reduced(overHeads reduction: Reduction) throws(AttentionError) -> AttentionTensor {
        try guardNotEmpty()
        var values = [Float]()
        for layer in 0..<shape.layers { values += try reducedHeads(layer: layer, reduction).values }
        return try AttentionTensor(shape: [shape.layers, 1, shape.queries, shape.keys], values: values)
    }

    /// The tensor with its layers combined: shape `[1, heads, queries, keys]`.
    public func reduced(overLayers reduction: Reduction) throws(AttentionError) -> AttentionTensor {
        try guardNotEmpty()
        var values = [Float]()
        for head in 0..<shape.heads { values += try reducedLayers(head: head, reduction).values }
        return try AttentionTensor(shape: [1, shape.heads, shape.queries, shape.keys], values: values)
    }

    func guardNotEmpty() throws(AttentionError) {
        if shape.isEmpty { throw .empty(shape: shape) }
    }
}
