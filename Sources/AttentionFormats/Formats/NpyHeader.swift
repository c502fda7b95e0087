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
        let raw = try RawNpyHeader(parsing: bytes, path: path)
        try self.init(raw, availableDataBytes: bytes.count - raw.dataOffset, path: path)
    }

    /// Interprets a parsed header as a float array; `availableDataBytes`, when given, is checked
    /// against what the shape needs.
    init(_ raw: RawNpyHeader, availableDataBytes: Int?, path: String) throws(FormatError) {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        majorVersion = raw.majorVersion
        minorVersion = raw.minorVersion
        dataOffset = raw.dataOffset
        let descr = raw.descr
        let fortran = raw.fortranOrder
        let shape = raw.shape
        self.descr = descr
        self.fortranOrder = fortran
        (scalarType, byteOrder) = try Self.decodeDescr(descr, path: path)

        guard !shape.isEmpty else { throw fail("0-dimensional array: expected 1 to 4 dimensions [layers, heads, queries, keys]") }
        let byteCount = raw.dataByteCount
        if let available = availableDataBytes, byteCount > available {
            throw .truncated(path: path, detail: "header claims \(shape) \(descr) = \(byteCount) bytes of data, file holds \(available)")
        }
        var dims = shape
        var fullStrides = MappedRegion.strides(for: shape.count <= 4 ? shape : [], fortranOrder: fortran)
        if shape.count > 4 {
            let extra = shape.count - 4
            guard shape[0..<extra].allSatisfy({ $0 == 1 }) else {
                throw .malformed(path: path, problem: "shape \(shape) has \(shape.count) dimensions; expected at most 4 [layers, heads, queries, keys] (leading axes of size 1 are dropped)")
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

    private static func decodeDescr(_ descr: String, path: String) throws(FormatError) -> (ScalarType, ByteOrder) {
        let chars = Array(descr)
        let unsupported = FormatError.unsupportedDType(path: path, dtype: "'\(descr)'", detail: "(supported: float16, float32, float64)")
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
/// the token-string reader). The shape is validated here, before anything is sized from it:
/// no negative dimension, and the data's byte count fits in an `Int` (for dtypes attnviz knows;
/// others are refused by the reader that interprets them).
struct RawNpyHeader {
    var majorVersion: Int
    var minorVersion: Int
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    var dataOffset: Int
    /// Number of elements (product of the shape).
    var elementCount: Int
    /// Bytes of one element for the dtypes attnviz reads, `nil` for others.
    var itemSize: Int?
    /// Bytes of data the shape and dtype need (0 for an unknown dtype).
    var dataByteCount: Int

    /// Bytes of one element of `descr` for the dtypes attnviz reads (floats, integer token ids,
    /// unicode and byte strings), or `nil`.
    static func itemSize(of descr: String) -> Int? {
        let chars = Array(descr)
        guard chars.count >= 3, "<>=|".contains(chars[0]), let width = Int(String(chars[2...])) else { return nil }
        switch chars[1] {
        case "f": return [2, 4, 8].contains(width) ? width : nil
        case "i", "u": return [1, 2, 4, 8].contains(width) ? width : nil
        case "U": return (1...(1 << 16)).contains(width) ? width * 4 : nil
        case "S": return (1...(1 << 16)).contains(width) ? width : nil
        default: return nil
        }
    }

    /// How many bytes of a `.npy` must be known to read its header, given the first bytes
    /// `known`: 8 until the version is known, then the preamble (10 or 12), then the end of the
    /// header. Equal to `known.count` exactly when the whole header is there.
    static func prefixLength(known bytes: UnsafeRawBufferPointer, path: String) throws(FormatError) -> Int {
        guard bytes.count >= 8 else {
            if !Npy.magic.starts(with: bytes.prefix(6)) { throw .malformed(path: path, problem: "not a .npy file (bad magic bytes)") }
            return 8
        }
        guard Array(bytes[0..<6]) == Npy.magic else { throw .malformed(path: path, problem: "not a .npy file (bad magic bytes)") }
        let preamble: Int
        switch bytes[6] {
        case 1: preamble = 10
        case 2, 3: preamble = 12
        default: throw .malformed(path: path, problem: "unsupported .npy format version \(bytes[6]).\(bytes[7]) (supported: 1.0, 2.0, 3.0)")
        }
        guard bytes.count >= preamble else { return preamble }
        if preamble == 10 { return 10 + (Int(bytes[8]) | Int(bytes[9]) << 8) }
        return 12 + (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
    }

    init(parsing bytes: UnsafeRawBufferPointer, path: String) throws(FormatError) {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        guard bytes.count >= 10 else { throw .truncated(path: path, detail: "\(bytes.count) bytes is too short for a .npy header") }
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
            guard bytes.count >= 12 else { throw .truncated(path: path, detail: "\(bytes.count) bytes is too short for a .npy header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(majorVersion).\(minorVersion) (supported: 1.0, 2.0, 3.0)")
        }
        guard headerLength <= Npy.maximumHeaderLength else {
            throw .oversizedHeader(path: path, bytes: UInt64(headerLength), limit: Npy.maximumHeaderLength)
        }
        guard headerStart + headerLength <= bytes.count else {
            throw .truncated(path: path, detail: "header claims \(headerLength) bytes but the file has \(bytes.count - headerStart) after the preamble")
        }
        dataOffset = headerStart + headerLength
        guard let text = String(validating: bytes[headerStart..<dataOffset], as: UTF8.self) else {
            throw fail("header is not valid text")
        }
        var literal = PythonLiteralParser(text: text)
        let fields: [String: PythonLiteralParser.Value]
        do { fields = try literal.parseDictionary() } catch { throw fail("malformed header: \(error.message)") }
        guard case .string(let descr)? = fields["descr"] else {
            if case .list? = fields["descr"] { throw .unsupportedDType(path: path, dtype: nil, detail: "structured arrays are not attention weights") }
            throw fail("malformed header: no 'descr'")
        }
        guard case .bool(let fortran)? = fields["fortran_order"] else { throw fail("malformed header: no 'fortran_order'") }
        guard case .tuple(let shape)? = fields["shape"] else { throw fail("malformed header: no 'shape'") }
        guard shape.count <= 64 else { throw fail("shape has \(shape.count) dimensions; expected at most 4 [layers, heads, queries, keys]") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("negative dimension in shape \(shape)") }
        var count = 1
        var span = 1  // the product with empty axes counted as 1: strides are computed from it
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            let (spanProduct, spanOverflow) = span.multipliedReportingOverflow(by: max(d, 1))
            guard !overflow, !spanOverflow else { throw .tooLarge(path: path, detail: "shape \(shape) is too large") }
            count = product
            span = spanProduct
        }
        let size = Self.itemSize(of: descr)
        let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: size ?? 0)
        guard !overflow else { throw .tooLarge(path: path, detail: "shape \(shape) is too large") }
        self.descr = descr
        self.fortranOrder = fortran
        self.shape = shape
        self.elementCount = count
        self.itemSize = size
        self.dataByteCount = bytesNeeded
    }
}
