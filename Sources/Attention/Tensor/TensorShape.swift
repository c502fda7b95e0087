/// The four dimensions of every attention tensor: `[layers, heads, queries, keys]`.
///
/// Lower-rank inputs are lifted on the left, so a matrix becomes `[1, 1, q, k]`:
///
/// ```swift
/// let shape = try TensorShape(lifting: [7, 7])   // [1, 1, 7, 7]
/// shape.elementCount                              // 49
/// ```
public struct TensorShape: Hashable, Sendable, CustomStringConvertible {
    public var layers: Int
    public var heads: Int
    public var queries: Int
    public var keys: Int

    /// Creates a shape from its four dimensions.
    public init(layers: Int, heads: Int, queries: Int, keys: Int) {
        self.layers = layers
        self.heads = heads
        self.queries = queries
        self.keys = keys
    }

    /// Lifts a shape of rank 1 to 4 to `[layers, heads, queries, keys]`.
    /// A vector of n weights becomes one query over n keys.
    public init(lifting dims: [Int]) throws(AttentionError) {
        guard (1...4).contains(dims.count) else {
            throw .shapeMismatch("expected 1 to 4 dimensions [layers, heads, queries, keys], got \(dims.count) \(dims)")
        }
        guard dims.allSatisfy({ $0 >= 0 }) else {
            throw .shapeMismatch("negative dimension in \(dims)")
        }
        let padded = Array(repeating: 1, count: 4 - dims.count) + dims
        self.init(layers: padded[0], heads: padded[1], queries: padded[2], keys: padded[3])
    }

    /// The dimensions as an array, outermost first.
    public var dimensions: [Int] { [layers, heads, queries, keys] }

    /// The number of elements, or `nil` if it overflows `Int`.
    public var checkedElementCount: Int? {
        var total = 1
        for d in dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The number of elements (`layers * heads * queries * keys`); traps only on overflow,
    /// which `checkedElementCount` lets readers rule out first.
    public var elementCount: Int { layers * heads * queries * keys }

    /// Whether any dimension is zero.
    public var isEmpty: Bool { dimensions.contains(0) }

    /// Row-major (C order) element strides for this shape.
    public var contiguousStrides: [Int] {
        [heads * queries * keys, queries * keys, keys, 1]
    }

    public var description: String { "[\(layers), \(heads), \(queries), \(keys)]" }
}
