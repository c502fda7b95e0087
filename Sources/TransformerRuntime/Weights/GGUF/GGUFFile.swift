import Attention

/// A GGUF model file (llama.cpp's format, versions 2 and 3, little-endian), memory-mapped: the
/// header, metadata and tensor table are read and checked when it opens; tensor data stays in
/// the map, still quantized, until a caller dequantizes one tensor (or some of its rows) into a
/// buffer of its own.
///
/// ```swift
/// let gguf = try GGUFFile(path: "SmolLM2-135M-Instruct-Q4_K_M.gguf")
/// gguf.metadata["general.architecture"]?.string      // "llama"
/// gguf.metadata["llama.block_count"]?.int            // 30
/// let vocabulary = gguf.metadata["tokenizer.ggml.tokens"]?.strings ?? []
///
/// guard let q = gguf.tensor(named: "blk.0.attn_q.weight") else { return }  // Q4_K [576, 576]
/// var scratch = [Float](repeating: 0, count: q.elementCount)
/// try scratch.withUnsafeMutableBufferPointer { try gguf.dequantize(tensor: q, into: $0) }
/// let firstRows = try gguf.floats(q, rows: 0..<8)     // 8 × 576 floats
/// ```
///
/// Every problem with the file, from a truncated header to overlapping tensors, is one
/// `RuntimeError.file(path:problem:)`; nothing is allocated from a count the file's size cannot
/// back. Keys and tensor names must be valid UTF-8; string values that are not decode with
/// U+FFFD in place of the bad bytes (as Swift's `String(decoding:as:)` does).
///
/// llama.cpp's converter stores Llama-family `attn_q`/`attn_k` weights with the rows of each
/// head permuted for its interleaved-pair RoPE; this reader returns the weights as stored.
public struct GGUFFile: Sendable {
    /// The path the file was opened from.
    public let path: String
    /// The mapping (shared; tensor bytes are read from it on demand).
    public let file: MappedFile
    /// The format version (2 or 3).
    public let version: Int
    /// Every metadata entry, by key.
    public let metadata: [String: GGUFValue]
    /// The metadata keys in file order.
    public let metadataKeys: [String]
    /// The tensor table in file order.
    public let tensors: [GGUFTensorInfo]
    /// Alignment of the data section and of every tensor's offset in it (`general.alignment`).
    public let alignment: Int
    /// File offset where the tensor data section starts.
    public let dataStart: Int
    private let tensorIndex: [String: Int]

    /// Maps and checks the GGUF file at `path`.
    public init(path: String) throws(RuntimeError) {
        let file: MappedFile
        do {
            file = try MappedFile(path: path)
        } catch {
            if case .fileAccess(_, let reason) = error { throw .file(path: path, problem: reason) }
            throw .file(path: path, problem: error.description)
        }
        try self.init(mapping: file)
    }

    /// Checks the GGUF file already mapped as `mapping`.
    public init(mapping: MappedFile) throws(RuntimeError) {
        let header = try mapping.withBytes { bytes throws(RuntimeError) in
            try GGUFParser.parse(bytes, path: mapping.path)
        }
        path = mapping.path
        file = mapping
        version = header.version
        metadata = header.metadata
        metadataKeys = header.metadataKeys
        tensors = header.tensors
        alignment = header.alignment
        dataStart = header.dataStart
        var index = [String: Int](minimumCapacity: header.tensors.count)
        for (position, tensor) in header.tensors.enumerated() { index[tensor.name] = position }
        tensorIndex = index
    }

    /// The tensor called `name`, if the file has one.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// `general.architecture` (`"llama"`, `"qwen2"`, ...), the prefix of the model's own keys.
    public var architecture: String? { metadata["general.architecture"]?.string }
}
