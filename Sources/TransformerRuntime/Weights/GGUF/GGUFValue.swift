/// One metadata value of a GGUF file, in the type the file stores it as. The typed accessors
/// answer `nil` when the value is of another kind, so a lookup reads as one line:
///
/// ```swift
/// let gguf = try GGUFFile(path: "SmolLM2-135M-Instruct-Q8_0.gguf")
/// let layers = gguf.metadata["llama.block_count"]?.int            // 30
/// let theta = gguf.metadata["llama.rope.freq_base"]?.double       // 100000.0
/// let tokens = gguf.metadata["tokenizer.ggml.tokens"]?.strings    // 49152 strings
/// let merges = gguf.metadata["tokenizer.ggml.merges"]?.strings
/// ```
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case uint64(UInt64)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case bool(Bool)
    case string(String)
    case array(GGUFArray)

    /// Any integer value that fits in `Int`.
    public var int: Int? {
        switch self {
        case .uint8(let v): return Int(v)
        case .int8(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint64(let v): return Int(exactly: v)
        case .int64(let v): return Int(v)
        default: return nil
        }
    }

    /// A `uint64` value, or any non-negative integer value.
    public var uint64: UInt64? {
        if case .uint64(let v) = self { return v }
        return int.flatMap { UInt64(exactly: $0) }
    }

    /// A float32 or float64 value, as `Double` (float32 converts exactly).
    public var double: Double? {
        switch self {
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        default: return nil
        }
    }

    /// A float32 value, or a float64 one rounded to `Float`.
    public var float: Float? {
        switch self {
        case .float32(let v): return v
        case .float64(let v): return Float(v)
        default: return nil
        }
    }

    /// A bool value.
    public var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    /// A string value.
    public var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// An array value of any element type.
    public var array: GGUFArray? {
        if case .array(let v) = self { return v }
        return nil
    }

    /// An array of strings (token lists, merges), as stored: no copy.
    public var strings: [String]? { array?.strings }

    /// An array of float32 (token scores), or of float64 rounded to `Float`.
    public var floats: [Float]? { array?.floats }

    /// An array of any integer type whose elements all fit in `Int` (token types).
    public var ints: [Int]? { array?.ints }
}
