import Attention

/// Reads the header of a GGUF v2/v3 file (magic, version, counts, metadata, tensor infos) from its
/// mapped bytes and checks it completely before anything uses it: every count is bounded by the
/// bytes left in the file before anything is allocated for it, arrays nest at most
/// `maximumArrayDepth` deep, and tensors lie inside the file, aligned and without overlap.
///
/// Layout (all little-endian): `"GGUF"`, uint32 version, uint64 tensor count, uint64 metadata
/// count; each metadata entry is a string key, a uint32 value type and the value; each tensor
/// info is a string name, a uint32 dimension count, that many uint64 dimensions, a uint32 ggml
/// type and a uint64 offset into the data section, which starts at the next multiple of
/// `general.alignment` (32 by default) after the last tensor info. Strings are a uint64 length
/// and UTF-8 bytes; arrays are a uint32 element type, a uint64 count and the elements.
///
/// ```swift
/// let header = try file.withBytes { bytes throws(RuntimeError) in
///     try GGUFParser.parse(bytes, path: file.path)
/// }
/// header.tensors.count
/// ```
struct GGUFParser {
    /// What the header says.
    struct Header {
        var version: Int
        var metadata: [String: GGUFValue]
        var metadataKeys: [String]
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataStart: Int
    }

    /// Deepest nesting of arrays accepted (an array of arrays is depth 2).
    static let maximumArrayDepth = 8
    /// Alignment of the data section when `general.alignment` is absent.
    static let defaultAlignment = 32
    /// `"GGUF"` read as a little-endian uint32.
    static let magic: UInt32 = 0x4655_4747
    /// Fewest bytes a metadata entry takes: key length, value type and a one-byte value.
    static let minimumEntryBytes = 8 + 4 + 1
    /// Fewest bytes a tensor info takes: name length, dimension count, one dimension, type, offset.
    static let minimumTensorInfoBytes = 8 + 4 + 8 + 4 + 8
    /// Most entries reserved up front from a declared count: a count is only bounded by the file's
    /// size, and a gigabyte of tensor data could "hold" millions of entries, so collections
    /// beyond this grow only as their elements are actually read.
    static let reservationLimit = 1 << 16

    private var cursor: GGUFCursor

    private init(bytes: UnsafeRawBufferPointer, path: String) {
        cursor = GGUFCursor(bytes: bytes, path: path)
    }

    /// Parses and checks the header of the GGUF file whose bytes are `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(RuntimeError) -> Header {
        var parser = GGUFParser(bytes: bytes, path: path)
        return try parser.header()
    }

    private func failure(_ problem: String) -> RuntimeError { cursor.failure(problem) }

    private mutating func header() throws(RuntimeError) -> Header {
        guard cursor.remaining >= 4 else {
            throw failure("truncated: \(cursor.remaining) bytes is too short for a GGUF header")
        }
        let magic = try cursor.load(UInt32.self, "the magic")
        guard magic == Self.magic else {
            throw failure("not a GGUF file (it does not start with \"GGUF\")")
        }
        let version = try cursor.load(UInt32.self, "the version")
        if version & 0xFFFF == 0 && version != 0 {
            throw failure("big-endian GGUF (version \(version.byteSwapped)) is not supported; attnviz reads little-endian GGUF")
        }
        guard version == 2 || version == 3 else {
            if version == 1 {
                throw failure("GGUF version 1 is not supported (attnviz reads versions 2 and 3); re-convert the model with a current llama.cpp")
            }
            throw failure("unsupported GGUF version \(version) (attnviz reads versions 2 and 3)")
        }
        let tensorCount64 = try cursor.load(UInt64.self, "the tensor count")
        let entryCount64 = try cursor.load(UInt64.self, "the metadata count")
        let room = cursor.remaining
        guard entryCount64 <= UInt64(room / Self.minimumEntryBytes) else {
            throw failure("declares \(entryCount64) metadata entries but the \(room) bytes after the header hold at most \(room / Self.minimumEntryBytes)")
        }
        guard tensorCount64 <= UInt64(room / Self.minimumTensorInfoBytes) else {
            throw failure("declares \(tensorCount64) tensors but the \(room) bytes after the header hold at most \(room / Self.minimumTensorInfoBytes)")
        }
        let entryCount = Int(entryCount64)
        let tensorCount = Int(tensorCount64)

        var metadata = [String: GGUFValue](minimumCapacity: min(entryCount, Self.reservationLimit))
        var keys = [String]()
        keys.reserveCapacity(min(entryCount, Self.reservationLimit))
        for index in 0..<entryCount {
            let key = try cursor.string("the key of metadata entry \(index)", strict: true)
            let shown = DisplaySafe.line(key, limit: 80)
            let typeID = try cursor.load(UInt32.self, "the value type of metadata \(shown)")
            guard let type = GGUFValueType(rawValue: typeID) else {
                throw failure("metadata \(shown) has unknown value type \(typeID)")
            }
            let value = try value(of: type, key: shown)
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw failure("metadata key \(shown) appears twice")
            }
            keys.append(key)
        }

        let alignment = try Self.alignment(metadata["general.alignment"], failure: failure)

        typealias RawInfo = (name: String, dimensions: [UInt64], type: GGMLType, offset: UInt64)
        var raw = [RawInfo]()
        raw.reserveCapacity(min(tensorCount, Self.reservationLimit))
        for index in 0..<tensorCount {
            let name = try cursor.string("the name of tensor \(index)", strict: true)
            let shown = DisplaySafe.line(name, limit: 80)
            let dimensionCount = try cursor.load(UInt32.self, "the dimension count of tensor \(shown)")
            guard (1...4).contains(dimensionCount) else {
                throw failure("tensor \(shown): \(dimensionCount) dimensions; GGUF tensors have 1 to 4")
            }
            let dimensions = try cursor.elements(UInt64.self, count: Int(dimensionCount), "the dimensions of tensor \(shown)")
            let typeID = try cursor.load(UInt32.self, "the type of tensor \(shown)")
            guard let type = GGMLType(rawValue: typeID) else {
                if let removed = GGMLType.removedName(typeID) {
                    throw failure("tensor \(shown) has ggml type \(typeID) (\(removed)), which ggml has removed; re-convert the model")
                }
                throw failure("tensor \(shown) has unknown ggml type id \(typeID)")
            }
            let offset = try cursor.load(UInt64.self, "the data offset of tensor \(shown)")
            raw.append((name, dimensions, type, offset))
        }

        let (padded, overflow) = cursor.offset.addingReportingOverflow((alignment - cursor.offset % alignment) % alignment)
        let fileSize = cursor.bytes.count
        if !raw.isEmpty {
            guard !overflow, padded <= fileSize else {
                throw failure("truncated: the tensor data would start at offset \(cursor.offset) rounded up to the alignment \(alignment), past the end of the file (\(fileSize) bytes)")
            }
        }
        let dataStart = overflow ? fileSize : min(padded, fileSize)

        var tensors = [GGUFTensorInfo]()
        tensors.reserveCapacity(raw.count)
        var names = Set<String>(minimumCapacity: raw.count)
        for info in raw {
            guard names.insert(info.name).inserted else {
                throw failure("tensor name \(DisplaySafe.line(info.name, limit: 80)) appears twice")
            }
            tensors.append(try GGUFTensorInfo(name: info.name, dimensions: info.dimensions, type: info.type, offset: info.offset,
                                              dataStart: dataStart, alignment: alignment, fileSize: fileSize,
                                              path: cursor.path))
        }
        try Self.checkNoOverlap(tensors, failure: failure)

        return Header(version: Int(version), metadata: metadata, metadataKeys: keys, tensors: tensors,
                      alignment: alignment, dataStart: dataStart)
    }

    /// `general.alignment`: a uint32 power of two when present, 32 otherwise.
    private static func alignment(_ value: GGUFValue?, failure: (String) -> RuntimeError) throws(RuntimeError) -> Int {
        guard let value else { return defaultAlignment }
        guard case .uint32(let alignment) = value, alignment > 0, alignment & (alignment - 1) == 0 else {
            throw failure("general.alignment must be a uint32 power of two, found \(value)")
        }
        return Int(alignment)
    }

    /// Tensors must not share bytes.
    private static func checkNoOverlap(_ tensors: [GGUFTensorInfo], failure: (String) -> RuntimeError) throws(RuntimeError) {
        let ordered = tensors.sorted { $0.byteRange.lowerBound < $1.byteRange.lowerBound }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.byteRange.lowerBound < previous.byteRange.upperBound {
            throw failure("tensors \(DisplaySafe.line(previous.name, limit: 80)) (bytes \(previous.byteRange)) and "
                          + "\(DisplaySafe.line(next.name, limit: 80)) (bytes \(next.byteRange)) overlap")
        }
    }

    /// One metadata value of type `type`; `key` (display-safe) names it in errors.
    private mutating func value(of type: GGUFValueType, key: String) throws(RuntimeError) -> GGUFValue {
        let what = "the value of metadata \(key)"
        switch type {
        case .uint8: return .uint8(try cursor.load(UInt8.self, what))
        case .int8: return .int8(try cursor.load(Int8.self, what))
        case .uint16: return .uint16(try cursor.load(UInt16.self, what))
        case .int16: return .int16(try cursor.load(Int16.self, what))
        case .uint32: return .uint32(try cursor.load(UInt32.self, what))
        case .int32: return .int32(try cursor.load(Int32.self, what))
        case .uint64: return .uint64(try cursor.load(UInt64.self, what))
        case .int64: return .int64(try cursor.load(Int64.self, what))
        case .float32: return .float32(Float(bitPattern: try cursor.load(UInt32.self, what)))
        case .float64: return .float64(Double(bitPattern: try cursor.load(UInt64.self, what)))
        case .bool: return .bool(try cursor.load(UInt8.self, what) != 0)
        case .string: return .string(try cursor.string(what, strict: false))
        case .array: return .array(try array(key: key, depth: 1))
        }
    }

    /// One array (element type, count, elements) at nesting level `depth`.
    private mutating func array(key: String, depth: Int) throws(RuntimeError) -> GGUFArray {
        guard depth <= Self.maximumArrayDepth else {
            throw failure("metadata \(key) nests arrays more than \(Self.maximumArrayDepth) deep")
        }
        let typeID = try cursor.load(UInt32.self, "the element type of an array in metadata \(key)")
        guard let type = GGUFValueType(rawValue: typeID) else {
            throw failure("metadata \(key) has an array of unknown value type \(typeID)")
        }
        let start = cursor.offset
        let declared = try cursor.load(UInt64.self, "the length of an array in metadata \(key)")
        let room = cursor.remaining
        guard declared <= UInt64(room / type.minimumByteCount) else {
            throw failure("metadata \(key): the array at offset \(start) declares \(declared) \(type) elements "
                          + "but the file has \(room) bytes left (room for at most \(room / type.minimumByteCount))")
        }
        let count = Int(declared)
        let what = "the elements of metadata \(key)"
        switch type {
        case .uint8: return .uint8(try cursor.elements(UInt8.self, count: count, what))
        case .int8: return .int8(try cursor.elements(Int8.self, count: count, what))
        case .uint16: return .uint16(try cursor.elements(UInt16.self, count: count, what))
        case .int16: return .int16(try cursor.elements(Int16.self, count: count, what))
        case .uint32: return .uint32(try cursor.elements(UInt32.self, count: count, what))
        case .int32: return .int32(try cursor.elements(Int32.self, count: count, what))
        case .uint64: return .uint64(try cursor.elements(UInt64.self, count: count, what))
        case .int64: return .int64(try cursor.elements(Int64.self, count: count, what))
        case .float32: return .float32(try cursor.elements(Float.self, count: count, what))
        case .float64: return .float64(try cursor.elements(Double.self, count: count, what))
        case .bool:
            let raw = try cursor.take(count, what)
            return .bool(raw.map { $0 != 0 })
        case .string:
            var strings = [String]()
            strings.reserveCapacity(min(count, Self.reservationLimit))
            for index in 0..<count {
                strings.append(try cursor.string("element \(index) of metadata \(key)", strict: false))
            }
            return .string(strings)
        case .array:
            var arrays = [GGUFArray]()
            arrays.reserveCapacity(min(count, Self.reservationLimit))
            for _ in 0..<count {
                arrays.append(try array(key: key, depth: depth + 1))
            }
            return .array(arrays)
        }
    }
}
