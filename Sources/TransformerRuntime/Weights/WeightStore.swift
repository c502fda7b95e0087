import Attention
import AttentionFormats

/// The tensors of a `model.safetensors`, looked up by name and checked against the shapes the
/// configuration implies. F32 tensors are used in place from the memory map; F16 and BF16 are
/// converted to F32 once.
///
/// ```swift
/// let store = try WeightStore(path: "model.safetensors")
/// let w = try store.matrix("encoder.layer.0.attention.self.query.weight", shape: [384, 384])
/// ```
struct WeightStore: Sendable {
    let file: SafetensorsFile
    var path: String { file.path }

    init(path: String) throws(RuntimeError) {
        do {
            file = try SafetensorsFile(path: path)
        } catch {
            throw .file(path: path, problem: error.problem)
        }
    }

    /// Whether a tensor called `name` exists.
    func contains(_ name: String) -> Bool { file.tensors[name] != nil }

    /// The entry `name`, checked to have `shape` and a float dtype.
    func info(_ name: String, shape: [Int]) throws(RuntimeError) -> SafetensorsFile.TensorInfo {
        guard let info = file.tensors[name] else { throw .missingWeight(path: path, tensor: name) }
        guard info.shape == shape else {
            throw .shapeMismatch(path: path, tensor: name, expected: shape, found: info.shape)
        }
        guard info.scalarType != nil else {
            throw .file(path: path, problem: "tensor \(name) has dtype \(info.dtype); supported: F32, F16, BF16, F64")
        }
        return info
    }

    /// The whole tensor `name` as floats, checked to have `shape`.
    func tensor(_ name: String, shape: [Int]) throws(RuntimeError) -> FloatBuffer {
        let info = try info(name, shape: shape)
        let count = info.elementCount
        let offset = info.byteRange.lowerBound
        if info.scalarType == .float32 && offset % MemoryLayout<Float>.alignment == 0 && ByteOrder.host == .little {
            return FloatBuffer(borrowing: file.file, byteOffset: offset, count: count)
        }
        return FloatBuffer(count: count) { target in
            decode(info, from: 0, count: count, into: target)
        }
    }

    /// Decodes elements `from..<from+count` of tensor `info` into `target`.
    func decode(_ info: SafetensorsFile.TensorInfo, from: Int, count: Int, into target: UnsafeMutablePointer<Float>) {
        let type = info.scalarType ?? .float32
        let width = type.byteWidth
        file.file.withBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let start = base + info.byteRange.lowerBound + from * width
            for i in 0..<count {
                target[i] = type.load(from: start + i * width, byteOrder: .little)
            }
        }
    }
}

/// An embedding table read row by row from the file, so only the rows a text uses are touched.
struct EmbeddingTable: Sendable {
    let store: WeightStore
    let info: SafetensorsFile.TensorInfo
    let rows: Int
    let width: Int

    init(_ store: WeightStore, _ name: String, rows: Int, width: Int) throws(RuntimeError) {
        self.store = store
        self.info = try store.info(name, shape: [rows, width])
        self.rows = rows
        self.width = width
    }

    /// Adds row `row` to `target` (which holds `width` floats).
    func add(row: Int, to target: UnsafeMutablePointer<Float>) {
        let type = info.scalarType ?? .float32
        let elementWidth = type.byteWidth
        store.file.file.withBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let start = base + info.byteRange.lowerBound + row * width * elementWidth
            for i in 0..<width {
                target[i] += type.load(from: start + i * elementWidth, byteOrder: .little)
            }
        }
    }
}
