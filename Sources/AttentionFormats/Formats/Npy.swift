import Attention
import Foundation

/// NumPy `.npy` files: float16/32/64, C or Fortran order, either byte order, format versions
/// 1.0, 2.0 and 3.0. Reading memory-maps the file, so a 64 GiB array opens instantly and only
/// the heads that are read get paged in.
///
/// ```swift
/// let tensor = try Npy.read(path: "attn.npy")          // mapped
/// try Npy.write(tensor, to: "copy.npy")                // float32, C order, little endian
/// ```
public enum Npy {
    /// The six magic bytes every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Largest header accepted (NumPy itself writes at most a few hundred bytes).
    public static let maximumHeaderLength = 1 << 20

    /// Opens `path` memory-mapped.
    public static func read(path: String) throws(FormatError) -> AttentionTensor {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        let header = try file.withBytes { bytes throws(FormatError) in try NpyHeader(parsing: bytes, path: path) }
        let region = MappedRegion(
            file: file, byteOffset: header.dataOffset, scalarType: header.scalarType,
            byteOrder: header.byteOrder, strides: header.strides)
        do { return try AttentionTensor(shape: header.dimensions, mapped: region) }
        catch { throw FormatError(path: path, error) }
    }

    /// Decodes a whole `.npy` held in memory (an `.npz` member) into an owned tensor.
    public static func decode(_ data: Data, path: String) throws(FormatError) -> AttentionTensor {
        let result: Result<AttentionTensor, FormatError> = data.withUnsafeBytes { bytes in
            do throws(FormatError) {
                let header = try NpyHeader(parsing: bytes, path: path)
                let values = StridedDecoder.decode(
                    bytes, byteOffset: header.dataOffset, scalarType: header.scalarType,
                    byteOrder: header.byteOrder, dimensions: header.liftedDimensions, strides: header.strides)
                do throws(AttentionError) { return .success(try AttentionTensor(shape: header.dimensions, values: values)) }
                catch { throw FormatError(path: path, error) }
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The bytes of a version 1.0 (or 2.0 for very long headers) little-endian float32 C-order
    /// `.npy` holding `tensor` in its stored dimensions.
    public static func encode(_ tensor: AttentionTensor) -> Data {
        let dims = tensor.storedDimensions.reduce(1, *) == tensor.shape.elementCount
            ? tensor.storedDimensions : tensor.shape.dimensions
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        var version: UInt8 = 1
        var prefix = 10
        if header.utf8.count + 11 > 65535 { version = 2; prefix = 12 }
        let total = prefix + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var data = Data(magic)
        data.append(contentsOf: [version, 0])
        let length = header.utf8.count
        if version == 1 {
            data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        } else {
            data.append(contentsOf: (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) })
        }
        data.append(contentsOf: Array(header.utf8))
        let values = tensor.allValues()
        data.reserveCapacity(data.count + values.count * 4)
        for v in values {
            let bits = v.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Writes `tensor` as float32 `.npy` atomically.
    public static func write(_ tensor: AttentionTensor, to path: String) throws(FormatError) {
        try AtomicFile.write(encode(tensor), to: path)
    }
}

/// The parsed header of a `.npy` file.
public struct NpyHeader: Sendable, Equatable {
    /// Format version `(major, minor)`.
    public var majorVersion: Int
    public var minorVersion: Int
    public var scalarType: ScalarType
    public var byteOrder: ByteOrder
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

/// Just enough of Python's literal syntax for `.npy` headers: a dict of strings, booleans and
/// tuples of integers.
struct PythonLiteralParser {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case int(Int)
        case tuple([Int])
        case list
        case none
    }

    struct Failure: Error { var message: String }

    private let chars: [Character]
    private var index = 0

    init(text: String) { chars = Array(text) }

    private mutating func skip() { while index < chars.count, chars[index].isWhitespace { index += 1 } }

    private mutating func take(_ c: Character) -> Bool {
        skip()
        if index < chars.count, chars[index] == c { index += 1; return true }
        return false
    }

    mutating func parseDictionary() throws(Failure) -> [String: Value] {
        guard take("{") else { throw Failure(message: "expected '{'") }
        var result = [String: Value]()
        while true {
            if take("}") { return result }
            guard case .string(let key) = try parseValue() else { throw Failure(message: "expected a string key") }
            guard take(":") else { throw Failure(message: "expected ':'") }
            result[key] = try parseValue()
            if take(",") { continue }
            guard take("}") else { throw Failure(message: "expected ',' or '}'") }
            return result
        }
    }

    private mutating func parseValue() throws(Failure) -> Value {
        skip()
        guard index < chars.count else { throw Failure(message: "unexpected end") }
        let c = chars[index]
        if c == "'" || c == "\"" {
            index += 1
            var text = ""
            while index < chars.count, chars[index] != c {
                text.append(chars[index])
                index += 1
            }
            guard index < chars.count else { throw Failure(message: "unterminated string") }
            index += 1
            return .string(text)
        }
        if c == "(" {
            index += 1
            var items = [Int]()
            while true {
                if take(")") { return .tuple(items) }
                guard case .int(let n) = try parseValue() else { throw Failure(message: "shape must hold integers") }
                items.append(n)
                if take(",") { continue }
                guard take(")") else { throw Failure(message: "expected ',' or ')' in shape") }
                return .tuple(items)
            }
        }
        if c == "[" {
            // Structured dtypes; skip to the matching bracket.
            var depth = 0
            while index < chars.count {
                if chars[index] == "[" { depth += 1 }
                if chars[index] == "]" { depth -= 1; if depth == 0 { index += 1; return .list } }
                index += 1
            }
            throw Failure(message: "unterminated list")
        }
        var word = ""
        while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "-" {
            word.append(chars[index])
            index += 1
        }
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
            guard let n = Int(digits) else { throw Failure(message: "unexpected '\(word.isEmpty ? String(c) : word)'") }
            return .int(n)
        }
    }
}
