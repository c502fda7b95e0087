import Attention

/// The parsed header of a `.npy` file: version, dtype, memory order, shape and where the data
/// starts, validated against the file's length.
///
/// ```swift
/// let header = try file.withBytes { bytes throws(FormatError) in try NpyHeader(parsing: bytes, path: path) }
/// header.descr          // "<f4"
/// header.fortranOrder   // false
/// ```
public struct NpyHeader: Sendable, Equatable {
    /// Major format version (1, 2 or 3).
    public var majorVersion: Int
    /// Minor format version.
    public var minorVersion: Int
    /// Element type.
    public var scalarType: ScalarType
    /// Element byte order.
    public var byteOrder: ByteOrder
    /// Whether the array is stored column-major.
    public var fortranOrder: Bool
    /// The array's shape with leading 1-sized axes beyond four dropped.
    public var dimensions: [Int]
    /// Element strides over the lifted `[layers, heads, queries, keys]` shape.
    public var strides: [Int]
    /// Byte offset of the first element.
    public var dataOffset: Int
    /// The descr string as stored, e.g. `<f4`.
    public var descr: String

    /// The dimensions lifted to four.
    public var liftedDimensions: [Int] { Array(repeating: 1, count: 4 - dimensions.count) + dimensions }

    /// Parses and validates the header at the start of `bytes`, checking that the data it
    /// describes fits in `bytes`.
    public init(parsing bytes: UnsafeRawBufferPointer, path: String) throws(FormatError) {
        func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }
        let raw = try RawNpyHeader(parsing: bytes, path: path)
        majorVersion = raw.majorVersion
        minorVersion = raw.minorVersion
        dataOffset = raw.dataOffset
        let descr = raw.descr
        let fortran = raw.fortranOrder
        let shape = raw.shape
        self.descr = descr
        self.fortranOrder = fortran
        (scalarType, byteOrder) = try Self.decodeDescr(descr, fail: fail)

        guard !shape.isEmpty else { throw fail("0-dimensional array: expected 1 to 4 dimensions [layers, heads, queries, keys]") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("negative dimension in shape \(shape)") }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw fail("shape \(shape) is too large") }
            count = product
        }
        var strideSpan = 1
        for d in shape {
            let (product, overflow) = strideSpan.multipliedReportingOverflow(by: max(d, 1))
            guard !overflow else { throw fail("shape \(shape) is too large") }
            strideSpan = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: scalarType.byteWidth)
        guard !overflow else { throw fail("shape \(shape) is too large") }
        let available = bytes.count - dataOffset
        guard byteCount <= available else {
            throw fail("truncated: header claims \(shape) \(descr) = \(byteCount) bytes of data, file holds \(available)")
        }
        var dims = shape
        var fullStrides = MappedRegion.strides(for: shape.count <= 4 ? shape : [], fortranOrder: fortran)
        if shape.count > 4 {
            let extra = shape.count - 4
            guard shape[0..<extra].allSatisfy({ $0 == 1 }) else {
                throw fail("shape \(shape) has \(shape.count) dimensions; expected at most 4 [layers, heads, queries, keys] (leading axes of size 1 are dropped)")
            }
            dims = Array(shape[extra...])
            var strides = [Int](repeating: 0, count: shape.count)
            var step = 1
            for axis in (fortran ? Array(shape.indices) : Array(shape.indices.reversed())) {
                strides[axis] = step
                step *= max(shape[axis], 1)
            }
            fullStrides = Array(strides[extra...])
        }
        dimensions = dims
        strides = fullStrides
    }

    private static func decodeDescr(_ descr: String, fail: (String) -> FormatError) throws(FormatError) -> (ScalarType, ByteOrder) {
        let chars = Array(descr)
        let unsupported = fail("unsupported dtype '\(descr)' (supported: float16, float32, float64)")
        guard chars.count >= 3 else { throw unsupported }
        let order: ByteOrder
        switch chars[0] {
        case "<": order = .little
        case ">": order = .big
        case "=", "|": order = .host
        default: throw unsupported
        }
        switch String(chars[1...]) {
        case "f2": return (.float16, order)
        case "f4": return (.float32, order)
        case "f8": return (.float64, order)
        default: throw unsupported
        }
    }
}

/// The fields of a `.npy` header before any dtype is interpreted (shared by the float reader and
/// the token-string reader).
struct RawNpyHeader {
    var majorVersion: Int
    var minorVersion: Int
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    var dataOffset: Int

    init(parsing bytes: UnsafeRawBufferPointer, path: String) throws(FormatError) {
        func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }
        guard bytes.count >= 10 else { throw fail("truncated: \(bytes.count) bytes is too short for a .npy header") }
        guard Array(bytes[0..<6]) == Npy.magic else { throw fail("not a .npy file (bad magic bytes)") }
        majorVersion = Int(bytes[6])
        minorVersion = Int(bytes[7])
        let headerLength: Int
        let headerStart: Int
        switch majorVersion {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated: \(bytes.count) bytes is too short for a .npy header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(majorVersion).\(minorVersion) (supported: 1.0, 2.0, 3.0)")
        }
        guard headerLength <= Npy.maximumHeaderLength else {
            throw fail("header of \(headerLength) bytes is larger than the \(Npy.maximumHeaderLength)-byte limit")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw fail("truncated: header claims \(headerLength) bytes but the file has \(bytes.count - headerStart) after the preamble")
        }
        dataOffset = headerStart + headerLength
        guard let text = String(validating: bytes[headerStart..<dataOffset], as: UTF8.self) else {
            throw fail("header is not valid text")
        }
        var literal = PythonLiteralParser(text: text)
        let fields: [String: PythonLiteralParser.Value]
        do { fields = try literal.parseDictionary() } catch { throw fail("malformed header: \(error.message)") }
        guard case .string(let descr)? = fields["descr"] else {
            if case .list? = fields["descr"] { throw fail("unsupported dtype: structured arrays are not attention weights") }
            throw fail("malformed header: no 'descr'")
        }
        guard case .bool(let fortran)? = fields["fortran_order"] else { throw fail("malformed header: no 'fortran_order'") }
        guard case .tuple(let shape)? = fields["shape"] else { throw fail("malformed header: no 'shape'") }
        self.descr = descr
        self.fortranOrder = fortran
        self.shape = shape
    }
}
