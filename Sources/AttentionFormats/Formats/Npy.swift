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
        return try read(file: file)
    }

    /// Reads an opened file (mapped, or bytes held in memory); errors name `file.path`.
    public static func read(file: MappedFile) throws(FormatError) -> AttentionTensor {
        let path = file.path
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

    /// Decodes a one-dimensional NumPy string array (`<U`/`>U` unicode or `|S` bytes, as
    /// `np.array(["a", "b"])` makes) held in memory: token labels stored next to the weights.
    /// Integer arrays (token ids) become their decimal numbers.
    public static func decodeStrings(_ data: Data, path: String) throws(FormatError) -> [String] {
        let result: Result<[String], FormatError> = data.withUnsafeBytes { bytes in
            do throws(FormatError) { return .success(try decodeStrings(bytes, path: path)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func decodeStrings(_ bytes: UnsafeRawBufferPointer, path: String) throws(FormatError) -> [String] {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        let header = try RawNpyHeader(parsing: bytes, path: path)
        let chars = Array(header.descr)
        if chars.count >= 3, chars[1] == "i" || chars[1] == "u", let width = Int(String(chars[2...])), [1, 2, 4, 8].contains(width) {
            return try decodeIntegerLabels(bytes, header: header, width: width, signed: chars[1] == "i",
                                           bigEndian: chars[0] == ">" || (chars[0] == "=" && ByteOrder.host == .big), path: path)
        }
        guard chars.count >= 3, let width = Int(String(chars[2...])), width > 0, width <= 1 << 16,
              (chars[1] == "U" && "<>=|".contains(chars[0])) || (chars[1] == "S" && chars[0] == "|") else {
            throw .unsupportedDType(path: path, dtype: "'\(header.descr)'", detail: "for tokens (expected a unicode or bytes string array)")
        }
        guard header.shape.count == 1 else { throw fail("tokens array has shape \(header.shape); expected one dimension") }
        let count = header.shape[0]
        let unit = chars[1] == "U" ? 4 : 1
        let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: width * unit)
        guard !overflow, bytesNeeded <= bytes.count - header.dataOffset else {
            throw .truncated(path: path, detail: "tokens array claims \(count) strings of \(width) characters, the data is shorter")
        }
        let bigEndian = chars[0] == ">" || (chars[0] == "=" && ByteOrder.host == .big)
        var strings = [String]()
        strings.reserveCapacity(count)
        for i in 0..<count {
            let start = header.dataOffset + i * width * unit
            if unit == 1 {
                let raw = bytes[start..<(start + width)].prefix { $0 != 0 }
                strings.append(String(decoding: raw, as: UTF8.self))
                continue
            }
            var scalars = String.UnicodeScalarView()
            for c in 0..<width {
                var code = bytes.loadUnaligned(fromByteOffset: start + c * 4, as: UInt32.self)
                code = bigEndian ? UInt32(bigEndian: code) : UInt32(littleEndian: code)
                if code == 0 { break }
                guard let scalar = Unicode.Scalar(code) else { throw fail("tokens array holds an invalid character") }
                scalars.append(scalar)
            }
            strings.append(String(scalars))
        }
        return strings
    }

    /// Token ids (`np.array(input_ids)`) as decimal labels.
    private static func decodeIntegerLabels(
        _ bytes: UnsafeRawBufferPointer, header: RawNpyHeader, width: Int, signed: Bool, bigEndian: Bool,
        path: String
    ) throws(FormatError) -> [String] {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        guard header.shape.count == 1 else { throw fail("tokens array has shape \(header.shape); expected one dimension") }
        let count = header.shape[0]
        let (needed, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, needed <= bytes.count - header.dataOffset else {
            throw .truncated(path: path, detail: "tokens array claims \(count) integers of \(width) bytes, the data is shorter")
        }
        return (0..<count).map { i in
            var value: UInt64 = 0
            for b in 0..<width {
                let byte = UInt64(bytes[header.dataOffset + i * width + b])
                value |= bigEndian ? byte << (8 * UInt64(width - 1 - b)) : byte << (8 * UInt64(b))
            }
            if signed, width < 8, value & (1 << (8 * UInt64(width) - 1)) != 0 { value |= ~0 << (8 * UInt64(width)) }
            return signed ? String(Int64(bitPattern: value)) : String(value)
        }
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
        data.appendLittleEndian(values)
        return data
    }

    /// Writes `tensor` as float32 `.npy` atomically.
    public static func write(_ tensor: AttentionTensor, to path: String) throws(FormatError) {
        try AtomicFile.write(encode(tensor), to: path)
    }
}
