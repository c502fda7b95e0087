import Attention
import Foundation
import ZIPFoundation

/// Options for reading an attention file.
///
/// ```swift
/// let options = AttentionReadOptions(format: .npz, tensorName: "layer3", allowNonFinite: true)
/// ```
public struct AttentionReadOptions: Sendable {
    /// The format, or `nil` to choose by extension, then by content.
    public var format: AttentionFileFormat?
    /// The array to pick from an `.npz` or safetensors file with several.
    public var tensorName: String?
    /// Accept NaN and infinities instead of failing.
    public var allowNonFinite: Bool
    /// Most bytes a reader may hold for what it parses and decodes: inflated `.npz` members,
    /// parsed JSON values, CSV/TSV cells, the safetensors header; `nil` for no limit beyond what
    /// the file itself declares. Mapped `.npy`/safetensors data is not counted (it is the file).
    public var memoryLimit: Int?

    /// Half of this machine's memory: what the command line allows one file by default, so a
    /// file declaring more than can be held is refused with a message instead of failing to allocate.
    public static var halfOfPhysicalMemory: Int { Int(min(ProcessInfo.processInfo.physicalMemory / 2, UInt64(Int.max))) }

    public init(format: AttentionFileFormat? = nil, tensorName: String? = nil, allowNonFinite: Bool = false, memoryLimit: Int? = nil) {
        self.format = format
        self.tensorName = tensorName
        self.allowNonFinite = allowNonFinite
        self.memoryLimit = memoryLimit
    }
}

/// Reading any supported attention file into `AttentionData`, validated: never empty, no NaN or
/// infinity unless allowed, tokens matching the tensor.
///
/// ```swift
/// let data = try AttentionFile.read(path: "gperes.json")
/// let big = try AttentionFile.read(path: "attn.npy")     // memory-mapped, nothing read yet
/// let upload = try AttentionFile.read(data: body, name: "attn.npz")   // from memory, no file
/// ```
public enum AttentionFile {
    /// Mapped tensors up to this many stored bytes are scanned for NaN/Inf when opened; larger
    /// ones are checked head by head as they are read.
    public static let upfrontScanLimit = 512 << 20

    /// Reads and validates `path`.
    public static func read(path: String, options: AttentionReadOptions = .init()) throws(FormatError) -> AttentionData {
        let format: AttentionFileFormat
        if let requested = options.format { format = requested } else { format = try AttentionFileFormat.detect(path: path) }
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        return try read(file: file, format: format, options: options) { () throws(FormatError) in
            try Npz(file: file) { () throws in try Archive(url: URL(fileURLWithPath: path), accessMode: .read) }
        }
    }

    /// Reads and validates a file held in memory (an upload) as `read(path:)` reads one on disk:
    /// `name` (the file's name as its owner knows it) chooses the format by its extension, unless
    /// `options.format` does, and names the file in errors; nothing is written anywhere.
    public static func read(data: Data, name: String, options: AttentionReadOptions = .init()) throws(FormatError) -> AttentionData {
        let file = MappedFile(data: data, path: name)
        let format: AttentionFileFormat
        if let requested = options.format { format = requested } else { format = try AttentionFileFormat.detect(file: file) }
        return try read(file: file, format: format, options: options) { () throws(FormatError) in
            try Npz(file: file) { () throws in try Archive(data: data, accessMode: .read) }
        }
    }

    /// Reads `file` as `format`; `openArchive` opens it as an `.npz` (from its path or its bytes).
    private static func read(
        file: MappedFile, format: AttentionFileFormat, options: AttentionReadOptions,
        openArchive: () throws(FormatError) -> Npz
    ) throws(FormatError) -> AttentionData {
        let path = file.path
        var data: AttentionData
        switch format {
        case .json:
            data = try JSONAttention.read(file: file, memoryLimit: options.memoryLimit)
            try rejectName(options.tensorName, format, path)
        case .csv:
            data = try DelimitedText.read(file: file, separator: ",", memoryLimit: options.memoryLimit)
            try rejectName(options.tensorName, format, path)
        case .tsv:
            data = try DelimitedText.read(file: file, separator: "\t", memoryLimit: options.memoryLimit)
            try rejectName(options.tensorName, format, path)
        case .npy:
            try rejectName(options.tensorName, format, path)
            let tensor = try Npy.read(file: file)
            data = try wrap(path) { () throws(AttentionError) in try AttentionData(tensor: tensor) }
        case .npz:
            let archive = try openArchive()
            let arrays = archive.names.filter { !Npz.tokenMemberNames.contains($0) }
            let name = try pick(options.tensorName, from: archive.names, path: path, decodable: arrays)
            let tensor = try archive.tensor(named: name, budget: options.memoryLimit)
            func tokens(_ member: String) throws(FormatError) -> Tokens? {
                archive.names.contains(member) ? Tokens(try archive.strings(named: member, budget: options.memoryLimit)) : nil
            }
            let shared = try tokens("tokens")
            let query = try tokens("query_tokens") ?? shared
            let key = try tokens("key_tokens") ?? shared
            data = try wrap(path) { () throws(AttentionError) in try AttentionData(tensor: tensor, queryTokens: query, keyTokens: key) }
        case .safetensors:
            let tensors = try SafetensorsFile(file: file, memoryLimit: options.memoryLimit)
            if options.tensorName == nil && FactoredSafetensors.isFactored(tensors) {
                let factored = try FactoredSafetensors.read(tensors, memoryLimit: options.memoryLimit)
                let tokens = tensors.metadataTokens("tokens")
                data = try wrap(path) { () throws(AttentionError) in
                    try AttentionData(tensor: AttentionTensor(factored: factored), queryTokens: tokens, keyTokens: tokens)
                }
                data.markGenerated(from: tensors.metadata["prompt_tokens"].flatMap { Int($0) })
                data.setTokenBytes(tensors.metadataTokens("token_bytes")?.strings)
                break
            }
            let decodable = tensors.names.filter { tensors.tensors[$0]?.scalarType != nil }
            let name = try pick(options.tensorName, from: tensors.names, path: path, decodable: decodable)
            let tensor = try tensors.tensor(named: name)
            let shared = tensors.metadataTokens("tokens")
            data = try wrap(path) { () throws(AttentionError) in
                try AttentionData(tensor: tensor, queryTokens: tensors.metadataTokens("query_tokens") ?? shared,
                                  keyTokens: tensors.metadataTokens("key_tokens") ?? shared)
            }
            // The prompt's length, stored by a generating run, and the bytes of partial
            // characters; an unusable value marks nothing.
            data.markGenerated(from: tensors.metadata["prompt_tokens"].flatMap { Int($0) })
            data.setTokenBytes(tensors.metadataTokens("token_bytes")?.strings)
        }
        try validate(&data, path: path, allowNonFinite: options.allowNonFinite)
        return data
    }

    /// The array names in an `.npz` or safetensors file (empty for single-matrix formats).
    public static func tensorNames(path: String, format: AttentionFileFormat? = nil) throws(FormatError) -> [String] {
        let detected: AttentionFileFormat
        if let format { detected = format } else { detected = try AttentionFileFormat.detect(path: path) }
        switch detected {
        case .npz: return try Npz(path: path).names
        case .safetensors: return try SafetensorsFile(path: path).names
        default: return []
        }
    }

    /// Rejects empty tensors and (unless allowed) NaN/Inf: in-memory and small mapped tensors are
    /// scanned now, larger mapped ones are marked to fail when a bad head is read.
    public static func validate(_ data: inout AttentionData, path: String, allowNonFinite: Bool) throws(FormatError) {
        let tensor = data.tensor
        if tensor.shape.isEmpty {
            throw .emptyTensor(path: path, detail: "shape \(tensor.storedDimensions) has no values")
        }
        guard !allowNonFinite else { return }
        do {
            if let factored = tensor.factored {
                // Finite factors give finite weights: check the factors, not the n² weights.
                try factored.queries.checkFinite()
                try factored.keys.checkFinite()
            } else if case .mapped = tensor.storage {
                if tensor.storedByteCount <= upfrontScanLimit {
                    try tensor.forEachMatrix { (layer: Int, head: Int, m: AttentionMatrix) throws(AttentionError) in
                        try m.checkFinite(layer: layer, head: head)
                    }
                }
                data.tensor = tensor.rejectingNonFiniteOnRead()
            } else {
                try tensor.checkFinite()
            }
        } catch {
            throw FormatError(path: path, error)
        }
    }

    private static func pick(_ requested: String?, from names: [String], path: String, decodable: [String]) throws(FormatError) -> String {
        if let requested { return requested }
        for preferred in ["attention", "attentions", "attn"] where decodable.contains(preferred) { return preferred }
        if decodable.count == 1 { return decodable[0] }
        if names.isEmpty { throw .emptyTensor(path: path, detail: "the file holds no arrays") }
        if decodable.isEmpty { throw .malformed(path: path, problem: "no float tensor in the file (it has \(SafetensorsFile.list(names)))") }
        throw .ambiguousTensor(path: path, candidates: decodable)
    }

    private static func rejectName(_ name: String?, _ format: AttentionFileFormat, _ path: String) throws(FormatError) {
        if name != nil { throw .tensorNameNotApplicable(path: path, format: format) }
    }

    private static func wrap<T>(_ path: String, _ body: () throws(AttentionError) -> T) throws(FormatError) -> T {
        do { return try body() } catch { throw FormatError(path: path, error) }
    }
}
