import Attention

/// Turning tensors into `Float`s: the weights stay quantized in the map and a caller dequantizes
/// one tensor, or a range of its rows (a row is `rowLength` weights, always whole blocks), into
/// memory it owns.
///
/// ```swift
/// let gguf = try GGUFFile(path: "model.gguf")
/// if let embeddings = gguf.tensor(named: "token_embd.weight") {         // Q8_0 [49152, 576]
///     let row = try gguf.floats(embeddings, rows: 42..<43)             // token 42's embedding
/// }
/// let up = try gguf.weights("blk.0.ffn_up.weight", shape: [1536, 576])  // FloatBuffer
/// ```
extension GGUFFile {
    /// Writes rows `rows` of `tensor` (all rows when `nil`) as `Float`s into the front of
    /// `output`, row after row: `rows.count × tensor.rowLength` values.
    public func dequantize(tensor: GGUFTensorInfo, rows: Range<Int>? = nil, into output: UnsafeMutableBufferPointer<Float>)
        throws(RuntimeError)
    {
        let rows = rows ?? 0..<tensor.rowCount
        let source = try sourceBytes(tensor, rows: rows)
        let count = rows.count * tensor.rowLength
        if count == 0 { return }
        guard output.count >= count, let target = output.baseAddress else {
            throw .file(path: path, problem: "tensor \(DisplaySafe.line(tensor.name, limit: 80)): \(count) values do not fit a buffer of \(output.count)")
        }
        file.withBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            Self.dequantize(tensor.type, blocks: count / tensor.type.blockSize, from: base + source.lowerBound, into: target)
        }
    }

    /// Rows `rows` of `tensor` (all rows when `nil`) as a new array of `Float`s.
    public func floats(_ tensor: GGUFTensorInfo, rows: Range<Int>? = nil) throws(RuntimeError) -> [Float] {
        let rows = rows ?? 0..<tensor.rowCount
        _ = try sourceBytes(tensor, rows: rows)
        let count = rows.count * tensor.rowLength
        var values = [Float](repeating: 0, count: count)
        try values.withUnsafeMutableBufferPointer { buffer throws(RuntimeError) in
            try dequantize(tensor: tensor, rows: rows, into: buffer)
        }
        return values
    }

    /// The whole tensor `name` as floats, checked to have row-major `shape` (PyTorch's order,
    /// `GGUFTensorInfo.shape`). F32 tensors are borrowed from the map without a copy; every other
    /// type is dequantized into a buffer of its own.
    func weights(_ name: String, shape: [Int]) throws(RuntimeError) -> FloatBuffer {
        guard let tensor = tensor(named: name) else { throw .missingWeight(path: path, tensor: name) }
        guard tensor.shape == shape else {
            throw .file(path: path, problem: "tensor \(DisplaySafe.line(name, limit: 80)) has shape \(tensor.shape) but the model's metadata implies \(shape)")
        }
        let source = try sourceBytes(tensor, rows: 0..<tensor.rowCount)
        if tensor.type == .f32, source.lowerBound % MemoryLayout<Float>.alignment == 0, ByteOrder.host == .little {
            return FloatBuffer(borrowing: file, byteOffset: source.lowerBound, count: tensor.elementCount)
        }
        return FloatBuffer(count: tensor.elementCount) { target in
            file.withBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                Self.dequantize(tensor.type, blocks: tensor.elementCount / tensor.type.blockSize,
                                from: base + source.lowerBound, into: target)
            }
        }
    }

    /// The file bytes holding rows `rows` of `tensor`, after checking that the tensor is this
    /// file's, that its type can be dequantized and that the rows exist.
    private func sourceBytes(_ tensor: GGUFTensorInfo, rows: Range<Int>) throws(RuntimeError) -> Range<Int> {
        let shown = DisplaySafe.line(tensor.name, limit: 80)
        guard let own = self.tensor(named: tensor.name), own == tensor else {
            throw .file(path: path, problem: "has no tensor \(shown) with this type, shape and place")
        }
        guard tensor.type.canDequantize else {
            throw .file(path: path, problem: "tensor \(shown) has type \(tensor.type), which attnviz cannot dequantize (it reads "
                        + GGMLType.dequantizable.map(\.description).joined(separator: ", ") + ")")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= tensor.rowCount else {
            throw .file(path: path, problem: "tensor \(shown) has \(tensor.rowCount) rows; rows \(rows) were asked for")
        }
        let start = tensor.byteRange.lowerBound + rows.lowerBound * tensor.bytesPerRow
        return start..<(start + rows.count * tensor.bytesPerRow)
    }

    /// Unpacks `blocks` blocks of `type` at `source` into `output`.
    static func dequantize(_ type: GGMLType, blocks: Int, from source: UnsafeRawPointer, into output: UnsafeMutablePointer<Float>) {
        switch type {
        case .f32: F32Block.dequantize(blocks: blocks, from: source, into: output)
        case .f16: F16Block.dequantize(blocks: blocks, from: source, into: output)
        case .bf16: BF16Block.dequantize(blocks: blocks, from: source, into: output)
        case .q4_0: Q4_0Block.dequantize(blocks: blocks, from: source, into: output)
        case .q4_1: Q4_1Block.dequantize(blocks: blocks, from: source, into: output)
        case .q5_0: Q5_0Block.dequantize(blocks: blocks, from: source, into: output)
        case .q5_1: Q5_1Block.dequantize(blocks: blocks, from: source, into: output)
        case .q8_0: Q8_0Block.dequantize(blocks: blocks, from: source, into: output)
        case .q2_K: Q2_KBlock.dequantize(blocks: blocks, from: source, into: output)
        case .q3_K: Q3_KBlock.dequantize(blocks: blocks, from: source, into: output)
        case .q4_K: Q4_KBlock.dequantize(blocks: blocks, from: source, into: output)
        case .q5_K: Q5_KBlock.dequantize(blocks: blocks, from: source, into: output)
        case .q6_K: Q6_KBlock.dequantize(blocks: blocks, from: source, into: output)
        case .q8_1, .q8_K, .iq2_XXS, .iq2_XS, .iq3_XXS, .iq1_S, .iq4_NL, .iq3_S, .iq2_S, .iq4_XS, .i8, .i16, .i32, .i64,
             .f64, .iq1_M, .tq1_0, .tq2_0, .mxfp4, .nvfp4, .q1_0:
            // Refused by `sourceBytes` (and absent from `GGMLType.dequantizable`).
            output.update(repeating: .nan, count: blocks * type.blockSize)
        }
    }
}
