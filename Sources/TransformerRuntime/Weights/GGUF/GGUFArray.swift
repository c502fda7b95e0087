/// A GGUF metadata array: one element type for the whole array, stored as a Swift array of that
/// type (a 49k-token vocabulary is one `[String]`, not 49k boxed values). Arrays may nest; each
/// inner array has its own element type.
///
/// ```swift
/// let gguf = try GGUFFile(path: "model.gguf")
/// if case .string(let tokens)? = gguf.metadata["tokenizer.ggml.tokens"]?.array {
///     print(tokens.count)
/// }
/// gguf.metadata["some.nested"]?.array?.arrays?[0].ints   // [1, 2, 3]
/// ```
public enum GGUFArray: Sendable, Equatable {
    case uint8([UInt8])
    case int8([Int8])
    case uint16([UInt16])
    case int16([Int16])
    case uint32([UInt32])
    case int32([Int32])
    case uint64([UInt64])
    case int64([Int64])
    case float32([Float])
    case float64([Double])
    case bool([Bool])
    case string([String])
    case array([GGUFArray])

    /// Number of elements.
    public var count: Int {
        switch self {
        case .uint8(let v): return v.count
        case .int8(let v): return v.count
        case .uint16(let v): return v.count
        case .int16(let v): return v.count
        case .uint32(let v): return v.count
        case .int32(let v): return v.count
        case .uint64(let v): return v.count
        case .int64(let v): return v.count
        case .float32(let v): return v.count
        case .float64(let v): return v.count
        case .bool(let v): return v.count
        case .string(let v): return v.count
        case .array(let v): return v.count
        }
    }

    /// The elements of a string array.
    public var strings: [String]? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The elements of a float32 array, or of a float64 one rounded to `Float`.
    public var floats: [Float]? {
        switch self {
        case .float32(let v): return v
        case .float64(let v): return v.map { Float($0) }
        default: return nil
        }
    }

    /// The elements of a float32 or float64 array as `Double`.
    public var doubles: [Double]? {
        switch self {
        case .float32(let v): return v.map { Double($0) }
        case .float64(let v): return v
        default: return nil
        }
    }

    /// The elements of an integer array, when every one fits in `Int`.
    public var ints: [Int]? {
        switch self {
        case .uint8(let v): return v.map { Int($0) }
        case .int8(let v): return v.map { Int($0) }
        case .uint16(let v): return v.map { Int($0) }
        case .int16(let v): return v.map { Int($0) }
        case .uint32(let v): return v.map { Int($0) }
        case .int32(let v): return v.map { Int($0) }
        case .int64(let v): return v.map { Int($0) }
        case .uint64(let v):
            var out = [Int]()
            out.reserveCapacity(v.count)
            for element in v {
                guard let fitted = Int(exactly: element) else { return nil }
                out.append(fitted)
            }
            return out
        default: return nil
        }
    }

    /// The elements of a bool array.
    public var bools: [Bool]? {
        if case .bool(let v) = self { return v }
        return nil
    }

    /// The inner arrays of a nested array.
    public var arrays: [GGUFArray]? {
        if case .array(let v) = self { return v }
        return nil
    }
}
