import Attention
import Foundation

/// A memory-mapped Hugging Face safetensors file: an 8-byte little-endian header length, a
/// JSON header listing every tensor's dtype, shape and byte range, then the raw data.
/// Tensors of any dtype are listed; F16, BF16, F32 and F64 can be decoded.
///
/// ```swift
/// let file = try SafetensorsFile(path: "model.safetensors")
/// for name in file.names { print(name, file.tensors[name]!.shape) }
/// let attention = try file.tensor(named: "attention")        // mapped AttentionTensor
/// let weights = try file.floats(named: "encoder.layer.0.attention.self.query.weight")
/// ```
public struct SafetensorsFile: Sendable {
    /// One tensor's entry in the header.
    public struct TensorInfo: Sendable, Equatable {
        /// The tensor's name.
        public var name: String
        /// The dtype as written (`F32`, `BF16`, `I64`, ...).
        public var dtype: String
        /// The decodable element type, or `nil` for integer/boolean/other dtypes.
        public var scalarType: ScalarType? { ScalarType(rawValue: dtype) }
        /// The dimensions.
        public var shape: [Int]
        /// The bytes of the tensor, as offsets into the whole file.
        public var byteRange: Range<Int>
        /// Number of elements.
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength = 100 << 20

    /// The path the file was opened from.
    public let path: String
    /// The mapping of the whole file.
    public let file: MappedFile
    /// Tensor names in header order.
    public let names: [String]
    /// Tensor entries by name.
    public let tensors: [String: TensorInfo]
    /// The string-to-string `__metadata__` map.
    public let metadata: [String: String]

    /// Maps `path` and validates its header: every tensor's bytes must lie inside the file and
    /// match its dtype and shape.
    /// `memoryLimit` (bytes) bounds what parsing the JSON header may hold.
    public init(path: String, memoryLimit: Int? = nil) throws(FormatError) {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        try self.init(file: file, memoryLimit: memoryLimit)
    }

    /// Validates an opened file (mapped, or bytes held in memory) as `init(path:)` does; errors
    /// name `file.path`.
    public init(file: MappedFile, memoryLimit: Int? = nil) throws(FormatError) {
        let path = file.path
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        self.path = path
        self.file = file
        guard file.count >= 8 else { throw .truncated(path: path, detail: "\(file.count) bytes is too short for a safetensors header") }
        let headerLength = file.withBytes { bytes in (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) } }
        guard headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw .oversizedHeader(path: path, bytes: headerLength, limit: Self.maximumHeaderLength)
        }
        let dataStart = 8 + Int(headerLength)
        guard dataStart <= file.count else {
            throw .truncated(path: path, detail: "header claims \(headerLength) bytes but the file has \(file.count - 8) after the length")
        }
        let header: JSONValue
        do {
            header = try file.withBytes { bytes throws(JSONParser.SyntaxError) in
                try JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]), memoryLimit: memoryLimit)
            }
        } catch {
            throw fail("malformed header: \(error.description)")
        }
        guard case .object(let members) = header else { throw fail("malformed header: expected a JSON object") }
        let dataSize = file.count - dataStart
        var names = [String]()
        var tensors = [String: TensorInfo]()
        var metadata = [String: String]()
        for member in members {
            if member.key == "__metadata__" {
                for entry in member.value.objectMembers ?? [] {
                    if let s = entry.value.string { metadata[entry.key] = s }
                }
                continue
            }
            let name = member.key
            guard let dtype = member.value["dtype"]?.string,
                  let shapeValues = member.value["shape"]?.arrayElements,
                  let offsets = member.value["data_offsets"]?.arrayElements, offsets.count == 2 else {
                throw fail("malformed header: tensor \"\(name)\" needs dtype, shape and data_offsets")
            }
            var shape = [Int]()
            for v in shapeValues {
                guard let d = v.number, d >= 0, d == d.rounded(), d < 9e15 else {
                    throw fail("malformed header: tensor \"\(name)\" has an invalid shape")
                }
                shape.append(Int(d))
            }
            var span = 1
            for d in shape {
                let (product, overflow) = span.multipliedReportingOverflow(by: max(d, 1))
                guard !overflow else { throw .tooLarge(path: path, detail: "tensor \"\(name)\" shape \(shape) is too large") }
                span = product
            }
            guard let b = offsets[0].number, let e = offsets[1].number, b >= 0, b <= e, e == e.rounded(), b == b.rounded(), e < 9e18 else {
                throw fail("malformed header: tensor \"\(name)\" has invalid data_offsets")
            }
            let begin = Int(b)
            let end = Int(e)
            guard end <= dataSize else {
                throw .truncated(path: path, detail: "tensor \"\(name)\" claims bytes \(begin)..<\(end) of the data, the file holds \(dataSize)")
            }
            if let width = Self.byteWidth(of: dtype) {
                var count = 1
                for d in shape {
                    let (p, overflow) = count.multipliedReportingOverflow(by: d)
                    guard !overflow else { throw .tooLarge(path: path, detail: "tensor \"\(name)\" shape \(shape) is too large") }
                    count = p
                }
                let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
                guard !overflow else { throw .tooLarge(path: path, detail: "tensor \"\(name)\" shape \(shape) is too large") }
                guard bytes == end - begin else {
                    throw fail("tensor \"\(name)\": shape \(shape) \(dtype) needs \(bytes) bytes but data_offsets span \(end - begin)")
                }
            }
            if tensors[name] == nil { names.append(name) }
            tensors[name] = TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: (dataStart + begin)..<(dataStart + end))
        }
        self.names = names
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Bytes per element of a safetensors dtype, or `nil` when unknown.
    public static func byteWidth(of dtype: String) -> Int? {
        switch dtype {
        case "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3": return 1
        case "I16", "U16", "F16", "BF16": return 2
        case "I32", "U32", "F32": return 4
        case "I64", "U64", "F64": return 8
        default: return nil
        }
    }

    /// The entry named `name`, or an error listing the names there are.
    public func info(named name: String) throws(FormatError) -> TensorInfo {
        guard let info = tensors[name] else {
            throw .noSuchTensor(path: path, name: name, available: names, inArchive: false)
        }
        return info
    }

    /// The tensor `name` as a memory-mapped `AttentionTensor` (rank 1 to 4; leading axes of size
    /// 1 beyond four are dropped).
    public func tensor(named name: String) throws(FormatError) -> AttentionTensor {
        let info = try info(named: name)
        let scalarType = try decodable(info)
        var dims = info.shape
        if dims.count > 4 {
            let extra = dims.count - 4
            guard dims[0..<extra].allSatisfy({ $0 == 1 }) else {
                throw .malformed(path: path, problem: "tensor \"\(name)\" has shape \(dims); expected at most 4 dimensions [layers, heads, queries, keys]")
            }
            dims = Array(dims[extra...])
        }
        if dims.isEmpty { dims = [1] }
        let region = MappedRegion(
            file: file, byteOffset: info.byteRange.lowerBound, scalarType: scalarType,
            byteOrder: .little, strides: MappedRegion.strides(for: dims, fortranOrder: false))
        do { return try AttentionTensor(shape: dims, mapped: region) } catch { throw FormatError(path: path, error) }
    }

    /// Every element of tensor `name` as `Float`, row-major, any rank (for model weights).
    public func floats(named name: String) throws(FormatError) -> [Float] {
        let info = try info(named: name)
        let scalarType = try decodable(info)
        let count = info.elementCount
        return file.withBytes { bytes in
            StridedDecoder.decode(bytes, byteOffset: info.byteRange.lowerBound, scalarType: scalarType,
                                  byteOrder: .little, dimensions: [1, 1, 1, count], strides: [0, 0, 0, 1])
        }
    }

    /// Calls `body` with the raw little-endian bytes of tensor `name`, straight from the mapping.
    public func withRawBytes<R>(of name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let info = try info(named: name)
        return try file.withBytes { bytes in try body(UnsafeRawBufferPointer(rebasing: bytes[info.byteRange])) }
    }

    /// Tokens stored by `Safetensors.write` in `__metadata__` (JSON arrays of strings).
    public func metadataTokens(_ key: String) -> Tokens? {
        guard let text = metadata[key], let value = try? JSONParser.parse(text), let elements = value.arrayElements else { return nil }
        let strings = elements.compactMap(\.string)
        return strings.count == elements.count ? Tokens(strings) : nil
    }

    private func decodable(_ info: TensorInfo) throws(FormatError) -> ScalarType {
        guard let scalarType = info.scalarType else {
            throw .unsupportedDType(path: path, dtype: info.dtype, detail: "for tensor \"\(info.name)\" (supported: F16, BF16, F32, F64)")
        }
        return scalarType
    }

    static func list(_ names: [String]) -> String {
        if names.isEmpty { return "no tensors" }
        let shown = names.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
        return names.count > 8 ? "\(shown) and \(names.count - 8) more" : shown
    }
}
