/// How the explorer stores each weight.
///
/// ```swift
/// let q = try QuantizedTensor(tensor, precision: .u8)   // one byte per weight, scale per head
/// let h = try QuantizedTensor(tensor, precision: .f16)  // IEEE half, two bytes per weight
/// ```
public enum ExplorerPrecision: String, Codable, Sendable, CaseIterable {
    /// 8-bit per weight: `value = offset[head] + byte * scale[head]`, error at most `scale / 2`.
    case u8
    /// IEEE 754 binary16, little-endian; relative error at most 2^-11.
    case f16

    /// Bytes per stored weight.
    public var byteWidth: Int { self == .u8 ? 1 : 2 }
}

/// How the packed bytes are compressed before base64.
public enum ExplorerCompression: String, Codable, Sendable, CaseIterable {
    /// A zlib stream (RFC 1950/1951) from the system zlib, decoded in the page by the browser's
    /// `DecompressionStream`; `ExplorerPayload` stores each head key-major under it (`layout`).
    case deflate
    /// The packed bytes as they are.
    case none
}
