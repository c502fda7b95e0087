/// Attention weights of shape `[layers, heads, queries, keys]` in Float32, backed by memory
/// or by a memory-mapped file.
///
/// ```swift
/// let t = try AttentionTensor(shape: [7, 7], values: weights)   // lifted to [1, 1, 7, 7]
/// let head = try t.matrix(layer: 0, head: 0)                     // AttentionMatrix 7x7
/// ```
public struct AttentionTensor: Sendable {
    /// The lifted four-dimensional shape.
    public let shape: TensorShape
    /// The dimensions as stored in the file before lifting (for `info`).
    public let storedDimensions: [Int]
    /// Where the values live.
    public let storage: TensorStorage

    /// An in-memory tensor; `shape` has rank 1 to 4 and is lifted to four dimensions.
    public init(shape dims: [Int], values: [Float]) throws(AttentionError) {
        let lifted = try TensorShape(lifting: dims)
        guard let count = lifted.checkedElementCount, count == values.count else {
            throw .shapeMismatch("shape \(dims) needs \(lifted.checkedElementCount.map(String.init) ?? "too many") values, got \(values.count)")
        }
        self.shape = lifted
        self.storedDimensions = dims
        self.storage = .owned(values)
    }

    /// A tensor over a mapped region. The caller has checked the region covers the shape.
    public init(shape dims: [Int], mapped region: MappedRegion) throws(AttentionError) {
        self.shape = try TensorShape(lifting: dims)
        self.storedDimensions = dims
        self.storage = .mapped(region)
    }

    /// Attention computed from queries and keys: `[layers, query heads, sequence, sequence]`.
    public init(factored: FactoredAttention) {
        shape = TensorShape(layers: factored.layers, heads: factored.heads, queries: factored.sequence, keys: factored.sequence)
        storedDimensions = shape.dimensions
        storage = .factored(factored)
    }

    /// A single matrix as a `[1, 1, rows, columns]` tensor.
    public init(matrix: AttentionMatrix) {
        self.shape = TensorShape(layers: 1, heads: 1, queries: matrix.rows, keys: matrix.columns)
        self.storedDimensions = [matrix.rows, matrix.columns]
        self.storage = .owned(matrix.values)
    }

    /// The element type as stored (Float32 for in-memory tensors; the queries' type for
    /// factored ones).
    public var storedScalarType: ScalarType {
        switch storage {
        case .owned: .float32
        case .mapped(let region): region.scalarType
        case .factored(let factored): factored.queries.storedScalarType
        }
    }

    /// The value at one position. Indices must be in range.
    public func value(layer: Int, head: Int, query: Int, key: Int) -> Float {
        switch storage {
        case .owned(let values):
            let s = shape.contiguousStrides
            return values[layer * s[0] + head * s[1] + query * s[2] + key]
        case .mapped(let region):
            let s = region.strides
            let index = layer * s[0] + head * s[1] + query * s[2] + key * s[3]
            return region.file.withBytes { bytes in
                region.scalarType.load(
                    from: bytes.baseAddress! + region.byteOffset + index * region.scalarType.byteWidth,
                    byteOrder: region.byteOrder)
            }
        case .factored(let factored):
            return factored.value(layer: layer, head: head, query: query, key: key)
        }
    }

    /// Reads the `queries x keys` matrix of one layer and head, touching only its pages (and
    /// releasing them again once copied).
    public func matrix(layer: Int, head: Int) throws(AttentionError) -> AttentionMatrix {
        try checkIndex("layer", layer, shape.layers)
        try checkIndex("head", head, shape.heads)
        let q = shape.queries
        let k = shape.keys
        switch storage {
        case .owned(let values):
            let start = (layer * shape.heads + head) * q * k
            return AttentionMatrix(rows: q, columns: k, values: Array(values[start..<(start + q * k)]))
        case .mapped(let region):
            let matrix = AttentionMatrix(rows: q, columns: k, values: Self.read(region, layer: layer, head: head, queries: q, keys: k))
            // The values are copied out; hand the head's pages back so reading many heads of a
            // huge mapped file (means, rollout, statistics) keeps resident memory at one head.
            releasePages(layer: layer, head: head)
            if region.rejectsNonFinite {
                do { try matrix.checkFinite(layer: layer, head: head) }
                catch { throw .fileAccess(path: region.file.path, reason: error.description) }
            }
            return matrix
        case .factored(let factored):
            return try factored.matrix(layer: layer, head: head)
        }
    }

    /// Every value of the tensor, row-major. Reads the whole file for mapped storage, computes
    /// every head for factored storage.
    public func allValues() -> [Float] {
        switch storage {
        case .owned(let values):
            return values
        case .factored(let factored):
            var out = [Float]()
            out.reserveCapacity(shape.elementCount)
            for l in 0..<shape.layers {
                for h in 0..<shape.heads {
                    // In range by construction, so this cannot throw.
                    out += (try? factored.matrix(layer: l, head: h).values) ?? [Float](repeating: 0, count: shape.queries * shape.keys)
                }
            }
            return out
        case .mapped(let region):
            var out = [Float]()
            out.reserveCapacity(shape.elementCount)
            for l in 0..<shape.layers {
                for h in 0..<shape.heads {
                    out += Self.read(region, layer: l, head: h, queries: shape.queries, keys: shape.keys)
                }
            }
            return out
        }
    }

    /// Throws `nonFinite` at the first NaN or infinity, scanning head by head.
    public func checkFinite() throws(AttentionError) {
        for l in 0..<shape.layers {
            for h in 0..<shape.heads {
                try matrix(layer: l, head: h).checkFinite(layer: l, head: h)
            }
        }
    }

    private func checkIndex(_ axis: String, _ index: Int, _ count: Int) throws(AttentionError) {
        guard (0..<count).contains(index) else { throw .indexOutOfRange(axis: axis, index: index, count: count) }
    }

    private static func read(_ region: MappedRegion, layer: Int, head: Int, queries q: Int, keys k: Int) -> [Float] {
        let width = region.scalarType.byteWidth
        let s = region.strides
        let base = region.byteOffset + (layer * s[0] + head * s[1]) * width
        return [Float](unsafeUninitializedCapacity: q * k) { buffer, initialized in
            region.file.withBytes { bytes in
                guard let origin = bytes.baseAddress else { return }
                let fastRows = region.scalarType == .float32 && region.byteOrder == .host && s[3] == 1
                for row in 0..<q {
                    let rowStart = base + row * s[2] * width
                    if fastRows {
                        let target = UnsafeMutableRawPointer(buffer.baseAddress! + row * k)
                        target.copyMemory(from: origin + rowStart, byteCount: k * 4)
                    } else {
                        for col in 0..<k {
                            buffer[row * k + col] = region.scalarType.load(
                                from: origin + rowStart + col * s[3] * width, byteOrder: region.byteOrder)
                        }
                    }
                }
            }
            initialized = q * k
        }
    }
}

extension AttentionMatrix {
    /// Throws `nonFinite` at the first NaN or infinity.
    public func checkFinite(layer: Int = 0, head: Int = 0) throws(AttentionError) {
        let firstBad: Int? = values.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count where !buffer[index].isFinite { return index }
            return nil
        }
        if let index = firstBad {
            throw .nonFinite(value: values[index], layer: layer, head: head, query: index / columns, key: index % columns)
        }
    }
}
