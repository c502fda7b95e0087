/// Where an `AttentionTensor`'s values live: in memory, in a memory-mapped file that is
/// decoded element by element on access (any float type, either byte order, any strides), or
/// nowhere: computed on access from queries and keys.
public enum TensorStorage: Sendable {
    /// Float32 values in row-major order over the tensor's shape.
    case owned([Float])
    /// Values read lazily from a mapped file.
    case mapped(MappedRegion)
    /// Values computed per head (or block) from query and key vectors.
    indirect case factored(FactoredAttention)
}

/// A strided view of elements inside a `MappedFile`.
///
/// ```swift
/// // A C-order little-endian float32 [2, 3] array starting at byte 128:
/// let region = MappedRegion(file: file, byteOffset: 128, scalarType: .float32,
///                           byteOrder: .little, strides: [0, 0, 3, 1])
/// ```
public struct MappedRegion: Sendable {
    /// The mapped file.
    public let file: MappedFile
    /// Byte offset of element `[0, 0, 0, 0]`.
    public let byteOffset: Int
    /// Stored element type.
    public let scalarType: ScalarType
    /// Stored byte order.
    public let byteOrder: ByteOrder
    /// Strides in elements for `[layers, heads, queries, keys]`.
    public let strides: [Int]
    /// When set, reading a matrix that holds NaN or infinity throws instead of returning it:
    /// readers set this for files too large to scan up front unless non-finite values are allowed.
    public var rejectsNonFinite = false

    /// Creates a region; the reader that builds it is responsible for having checked that
    /// every element of the shape lies inside the file.
    public init(file: MappedFile, byteOffset: Int, scalarType: ScalarType, byteOrder: ByteOrder, strides: [Int]) {
        precondition(strides.count == 4, "MappedRegion needs four strides")
        self.file = file
        self.byteOffset = byteOffset
        self.scalarType = scalarType
        self.byteOrder = byteOrder
        self.strides = strides
    }

    /// Strides for a row-major (C order) or column-major (Fortran order) array of `dims`,
    /// lifted to four dimensions.
    public static func strides(for dims: [Int], fortranOrder: Bool) -> [Int] {
        var strides = Array(repeating: 0, count: dims.count)
        var step = 1
        let order = fortranOrder ? Array(dims.indices) : Array(dims.indices.reversed())
        for axis in order {
            strides[axis] = step
            step *= max(dims[axis], 1)
        }
        return Array(repeating: 0, count: 4 - dims.count) + strides
    }
}
