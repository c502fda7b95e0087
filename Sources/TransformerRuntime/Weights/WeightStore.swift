import Attention
import AttentionFormats
import Foundation

/// The tensors of a `model.safetensors`, of the shards a `model.safetensors.index.json` lists,
/// or of a GGUF file, looked up by their Hugging Face names and checked against the shapes the
/// configuration implies. F32 tensors are used in place from the memory map; F16, BF16 and
/// quantized GGUF tensors are converted to F32 once, when the model loads (see `GGUFNames` for
/// the names and the query/key row order GGUF files use).
///
/// ```swift
/// let store = try WeightStore(path: "model.safetensors")
/// let w = try store.tensor("encoder.layer.0.attention.self.query.weight", shape: [384, 384])
/// ```
struct WeightStore: Sendable {
    /// A tensor and the file that holds it.
    struct Located: Sendable {
        let file: SafetensorsFile
        let info: SafetensorsFile.TensorInfo
    }

    /// The file or index the weights were read from (for messages about the whole model).
    let path: String
    private let tensors: [String: Located]
    /// The GGUF file, when the weights come from one (then `tensors` is empty).
    let gguf: GGUFNames?
    /// Whether GGUF matrices stay quantized until a layer uses them (else dequantized at load).
    let keepsQuantized: Bool

    /// Reads one `model.safetensors`.
    init(path: String) throws(RuntimeError) {
        let file = try Self.open(path)
        self.path = path
        tensors = file.tensors.mapValues { Located(file: file, info: $0) }
        gguf = nil
        keepsQuantized = false
    }

    /// Serves the tensors of a GGUF file under their Hugging Face names; with `keepsQuantized`,
    /// `matrix` leaves them quantized in the map.
    init(gguf names: GGUFNames, keepsQuantized: Bool = false) {
        path = names.file.path
        tensors = [:]
        gguf = names
        self.keepsQuantized = keepsQuantized
    }

    /// Reads the shards named by a `model.safetensors.index.json` (`{"weight_map": {tensor:
    /// shard}}`); shards are plain file names in the index's folder, and every tensor the map
    /// lists must be in the shard it names.
    init(index indexPath: String) throws(RuntimeError) {
        let index = try DecodableJSONFile.read(SafetensorsIndexJSON.self, from: indexPath)
        guard let map = index.weightMap, !map.isEmpty else {
            throw .file(path: indexPath, problem: "no \"weight_map\" object naming the shards")
        }
        let folder = URL(fileURLWithPath: indexPath).deletingLastPathComponent()
        var shards = [String: SafetensorsFile]()
        var tensors = [String: Located]()
        for (tensor, value) in map.sorted(by: { $0.key < $1.key }) {
            let shard = value
            guard !shard.isEmpty, !shard.contains("/"), shard != ".", shard != ".." else {
                throw .file(path: indexPath, problem: "tensor \(tensor) names shard \(shard); shards must be file names in the model folder")
            }
            let file: SafetensorsFile
            if let open = shards[shard] {
                file = open
            } else {
                file = try Self.open(folder.appendingPathComponent(shard).path)
                shards[shard] = file
            }
            guard let info = file.tensors[tensor] else {
                throw .file(path: file.path, problem: "has no tensor \(tensor), which \(URL(fileURLWithPath: indexPath).lastPathComponent) places there")
            }
            tensors[tensor] = Located(file: file, info: info)
        }
        self.path = indexPath
        self.tensors = tensors
        gguf = nil
        keepsQuantized = false
    }

    private static func open(_ path: String) throws(RuntimeError) -> SafetensorsFile {
        do {
            return try SafetensorsFile(path: path)
        } catch {
            throw .file(path: path, problem: error.problem)
        }
    }

    /// Whether a tensor called `name` exists.
    func contains(_ name: String) -> Bool {
        if let gguf { return gguf.info(for: name) != nil }
        return tensors[name] != nil
    }

    /// The entry `name`, checked to have `shape` and a float dtype.
    func locate(_ name: String, shape: [Int]) throws(RuntimeError) -> Located {
        guard let located = tensors[name] else { throw .missingWeight(path: path, tensor: name) }
        let info = located.info
        guard info.shape == shape else {
            throw .shapeMismatch(path: located.file.path, tensor: name, expected: shape, found: info.shape)
        }
        guard info.scalarType != nil else {
            throw .file(path: located.file.path, problem: "tensor \(name) has dtype \(info.dtype); supported: F32, F16, BF16, F64")
        }
        return located
    }

    /// The matrix `name` (`shape` = [rows, row length]) for a layer to multiply by: deferred when
    /// the store keeps GGUF weights quantized, else resident Float32.
    func matrix(_ name: String, shape: [Int]) throws(RuntimeError) -> WeightMatrix {
        if let gguf, keepsQuantized { return try gguf.deferredMatrix(name, shape: shape) }
        return WeightMatrix(try tensor(name, shape: shape), rowLength: shape.last ?? 1)
    }

    /// The whole tensor `name` as floats, checked to have `shape`.
    func tensor(_ name: String, shape: [Int]) throws(RuntimeError) -> FloatBuffer {
        if let gguf { return try gguf.weights(name, shape: shape) }
        let located = try locate(name, shape: shape)
        let info = located.info
        let count = info.elementCount
        let offset = info.byteRange.lowerBound
        if info.scalarType == .float32 && offset % MemoryLayout<Float>.alignment == 0 && ByteOrder.host == .little {
            return FloatBuffer(borrowing: located.file.file, byteOffset: offset, count: count)
        }
        return FloatBuffer(count: count) { target in
            located.decode(from: 0, count: count, into: target)
        }
    }
}

extension WeightStore.Located {
    /// Decodes elements `from..<from+count` into `target`, adding them when `accumulate` is set.
    func decode(from: Int, count: Int, into target: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        let type = info.scalarType ?? .float32
        let width = type.byteWidth
        file.file.withBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let start = base + info.byteRange.lowerBound + from * width
            for i in 0..<count {
                let value = type.load(from: start + i * width, byteOrder: .little)
                target[i] = accumulate ? target[i] + value : value
            }
        }
    }
}

/// An embedding table read row by row from the file, so only the rows a text uses are touched.
struct EmbeddingTable: Sendable {
    enum Source: Sendable {
        case safetensors(WeightStore.Located)
        case gguf(GGUFFile, GGUFTensorInfo)
    }

    let source: Source
    let rows: Int
    let width: Int

    init(_ store: WeightStore, _ name: String, rows: Int, width: Int) throws(RuntimeError) {
        if let gguf = store.gguf {
            source = .gguf(gguf.file, try gguf.locate(name, shape: [rows, width]))
        } else {
            source = .safetensors(try store.locate(name, shape: [rows, width]))
        }
        self.rows = rows
        self.width = width
    }

    /// Adds row `row` to `target` (which holds `width` floats).
    func add(row: Int, to target: UnsafeMutablePointer<Float>) {
        switch source {
        case .safetensors(let tensor):
            tensor.decode(from: row * width, count: width, into: target, accumulate: true)
        case .gguf(let file, let tensor):
            // The shape was checked at load and ids against the vocabulary: this cannot fail.
            guard let values = try? file.floats(tensor, rows: row..<(row + 1)) else { return }
            for i in 0..<width { target[i] += values[i] }
        }
    }
}
