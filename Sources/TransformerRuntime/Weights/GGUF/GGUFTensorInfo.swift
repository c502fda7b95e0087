import Attention

/// Where one tensor of a GGUF file lives and how it is encoded. Dimensions are in ggml's order:
/// `dimensions[0]` is the contiguous one (a row), so a PyTorch `[out, in]` weight is stored with
/// `dimensions == [in, out]`; `shape` gives the PyTorch (row-major) order.
///
/// ```swift
/// let gguf = try GGUFFile(path: "model.gguf")
/// if let up = gguf.tensor(named: "blk.0.ffn_up.weight") {
///     up.dimensions   // [576, 1536]: rows of 576
///     up.shape        // [1536, 576]
///     up.type         // .q4_1
///     up.rowCount     // 1536 rows of up.rowLength == 576 weights
///     up.byteRange    // where its blocks are in the file
/// }
/// ```
public struct GGUFTensorInfo: Sendable, Equatable {
    /// The name, as `convert_hf_to_gguf.py` wrote it (`blk.0.attn_q.weight`).
    public let name: String
    /// Extents in ggml order (innermost first), 1 to 4 of them, each at least 1.
    public let dimensions: [Int]
    /// How the elements are encoded.
    public let type: GGMLType
    /// The tensor's bytes, as absolute offsets into the file.
    public let byteRange: Range<Int>
    /// Number of elements (the product of the dimensions).
    public let elementCount: Int

    /// Extents in row-major order (`dimensions` reversed), as PyTorch and NumPy print them.
    public var shape: [Int] { dimensions.reversed() }
    /// Elements per row (`dimensions[0]`); always a whole number of `type` blocks.
    public var rowLength: Int { dimensions[0] }
    /// Number of rows (the product of every dimension but the first).
    public var rowCount: Int { elementCount / dimensions[0] }
    /// Bytes one row takes in the file.
    public var bytesPerRow: Int { dimensions[0] / type.blockSize * type.bytesPerBlock }

    /// Checks a tensor-info record and places it `offset` bytes into the data section, which
    /// starts at `dataStart`; every size is computed with overflow checks.
    init(name: String, dimensions: [UInt64], type: GGMLType, offset: UInt64, dataStart: Int, alignment: Int,
         fileSize: Int, path: String) throws(RuntimeError)
    {
        let shown = DisplaySafe.line(name, limit: 80)
        func failure(_ problem: String) -> RuntimeError { .file(path: path, problem: "tensor \(shown): \(problem)") }

        guard (1...4).contains(dimensions.count) else {
            throw failure("\(dimensions.count) dimensions; GGUF tensors have 1 to 4")
        }
        var extents = [Int]()
        var count = 1
        for (axis, extent) in dimensions.enumerated() {
            guard extent > 0, let value = Int(exactly: extent) else {
                throw failure("dimension \(axis) is \(extent); dimensions must be between 1 and \(Int.max)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: value)
            guard !overflow else { throw failure("dimensions \(dimensions) hold more elements than fit in memory") }
            extents.append(value)
            count = product
        }
        guard extents[0] % type.blockSize == 0 else {
            throw failure("rows of \(extents[0]) elements are not a whole number of \(type) blocks of \(type.blockSize)")
        }
        let (byteCount, overflow) = (count / type.blockSize).multipliedReportingOverflow(by: type.bytesPerBlock)
        guard !overflow else { throw failure("dimensions \(dimensions) need more bytes than fit in memory") }
        guard offset % UInt64(alignment) == 0 else {
            throw failure("data offset \(offset) is not a multiple of the file's alignment \(alignment)")
        }
        guard let relative = Int(exactly: offset), relative <= fileSize - dataStart,
              byteCount <= fileSize - dataStart - relative
        else {
            throw failure("its \(byteCount) bytes at data offset \(offset) (file offset \(dataStart) + \(offset)) run past the end of the file (\(fileSize) bytes)")
        }
        self.name = name
        self.dimensions = extents
        self.type = type
        self.elementCount = count
        self.byteRange = (dataStart + relative)..<(dataStart + relative + byteCount)
    }
}
