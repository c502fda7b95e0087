import Attention

/// An attention tensor packed for the explorer: one byte per weight with a scale of its own
/// for every head (`u8`), or IEEE half floats (`f16`), heads in `[layer][head]` order, each
/// head's `queries x keys` weights row-major.
///
/// ```swift
/// let packed = try QuantizedTensor(data.tensor, precision: .u8)
/// packed.value(layer: 0, head: 0, query: 1, key: 2)   // within packed.step(layer: 0, head: 0) / 2
/// ```
public struct QuantizedTensor: Sendable, Equatable {
    /// The tensor's four-dimensional shape.
    public let shape: TensorShape
    /// How each weight is stored.
    public let precision: ExplorerPrecision
    /// Per head (`layer * heads + head`): the value byte 0 stands for (`u8`; 0 for `f16`).
    public let offsets: [Float]
    /// Per head: the value one byte step stands for (`u8`; 1 for `f16`).
    public let scales: [Float]
    /// The packed weights, little-endian for `f16`.
    public let bytes: [UInt8]

    /// Packs `tensor`, reading one head at a time (mapped tensors stay mapped).
    /// Throws `nonFinite` for NaN or infinity, and `invalidParameter` for `f16` values beyond
    /// half-float range.
    public init(_ tensor: AttentionTensor, precision: ExplorerPrecision) throws(AttentionError) {
        let shape = tensor.shape
        guard let count = shape.checkedElementCount, count.multipliedReportingOverflow(by: precision.byteWidth).overflow == false else {
            throw .shapeMismatch("tensor \(shape) is too large")
        }
        if shape.isEmpty { throw .empty(shape: shape) }
        var offsets = [Float]()
        var scales = [Float]()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count * precision.byteWidth)
        for layer in 0..<shape.layers {
            for head in 0..<shape.heads {
                let matrix = try tensor.matrix(layer: layer, head: head)
                try matrix.checkFinite(layer: layer, head: head)
                switch precision {
                case .u8:
                    let range = matrix.finiteRange ?? 0...0
                    let low = min(range.lowerBound, 0)
                    let high = max(range.upperBound, 0)
                    let scale = (high - low) / 255
                    offsets.append(low)
                    scales.append(scale)
                    let inverse = scale > 0 ? 1 / scale : 0
                    for v in matrix.values {
                        let q = ((v - low) * inverse).rounded()
                        bytes.append(UInt8(max(0, min(255, q))))
                    }
                case .f16:
                    offsets.append(0)
                    scales.append(1)
                    for (index, v) in matrix.values.enumerated() {
                        guard abs(v) <= 65504 else {
                            throw .invalidParameter(
                                "value \(v) at layer \(layer), head \(head), query \(index / shape.keys), key \(index % shape.keys) does not fit float16; use u8 precision")
                        }
                        let h = ScalarType.halfFromFloat(v)
                        bytes.append(UInt8(truncatingIfNeeded: h))
                        bytes.append(UInt8(truncatingIfNeeded: h >> 8))
                    }
                }
            }
        }
        self.shape = shape
        self.precision = precision
        self.offsets = offsets
        self.scales = scales
        self.bytes = bytes
    }

    /// Rebuilds a packed tensor from its parts (for instance after decoding a payload).
    public init(shape: TensorShape, precision: ExplorerPrecision, offsets: [Float], scales: [Float], bytes: [UInt8]) throws(AttentionError) {
        let heads = shape.layers * shape.heads
        guard offsets.count == heads, scales.count == heads else {
            throw .shapeMismatch("\(offsets.count) offsets and \(scales.count) scales for \(heads) heads")
        }
        guard let count = shape.checkedElementCount, bytes.count == count * precision.byteWidth else {
            throw .shapeMismatch("\(bytes.count) bytes for shape \(shape) at \(precision.rawValue)")
        }
        self.shape = shape
        self.precision = precision
        self.offsets = offsets
        self.scales = scales
        self.bytes = bytes
    }

    /// The decoded weight at one position; indices must be in range.
    public func value(layer: Int, head: Int, query: Int, key: Int) -> Float {
        let h = layer * shape.heads + head
        let index = (h * shape.queries + query) * shape.keys + key
        switch precision {
        case .u8:
            return offsets[h] + Float(bytes[index]) * scales[h]
        case .f16:
            return ScalarType.floatFromHalf(UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8)
        }
    }

    /// The largest error decoding can have for a weight of this head whose magnitude is at
    /// most `magnitude`: half a byte step for `u8`, half a unit in the last place for `f16`.
    public func step(layer: Int, head: Int, magnitude: Float = 1) -> Float {
        switch precision {
        case .u8: return scales[layer * shape.heads + head] / 2
        case .f16: return max(magnitude, 6.1e-5) * 0.00049
        }
    }
}
