import Attention
import Foundation

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
/// ```
public enum AttentionFile {
    /// Mapped tensors up to this many stored bytes are scanned for NaN/Inf when opened; larger
    /// ones are checked head by head as they are read.
    public static let upfrontScanLimit = 512 << 20

    /// Reads and validates `path`.
    public static func read(path: String, options: AttentionReadOptions = .init()) throws(FormatError) -> AttentionData {
        let format: AttentionFileFormat
        if let requested = options.format { format = requested } else { format = try AttentionFileFormat.detect(path: path) }
        var data: AttentionData
        switch format {
        case .json:
            data = try JSONAttention.read(path: path, memoryLimit: options.memoryLimit)
            try rejectName(options.tensorName, format, path)
        case .csv:
            data = try DelimitedText.read(path: path, separator: ",", memoryLimit: options.memoryLimit)
            try rejectName(options.tensorName, format, path)
        case .tsv:
            data = try DelimitedText.read(path: path, separator: "\t", memoryLimit: options.memoryLimit)
            try rejectName(options.tensorName, format, path)
        case .npy:
            try rejectName(options.tensorName, format, path)
            let tensor = try Npy.read(path: path)
            data = try wrap(path) { () throws(AttentionError) in try AttentionData(tensor: tensor) }
        case .npz:
            let archive = try Npz(path: path)
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
            let file = try SafetensorsFile(path: path, memoryLimit: options.memoryLimit)
            let decodable = file.names.filter { file.tensors[$0]?.scalarType != nil }
            let name = try pick(options.tensorName, from: file.names, path: path, decodable: decodable)
            let tensor = try file.tensor(named: name)
            let shared = file.metadataTokens("tokens")
            data = try wrap(path) { () throws(AttentionError) in
                try AttentionData(tensor: tensor, queryTokens: file.metadataTokens("query_tokens") ?? shared,
                                  keyTokens: file.metadataTokens("key_tokens") ?? shared)
            }
            // `attnviz run --generate -o` stores the prompt's length; an unusable value marks nothing.
            data.markGenerated(from: file.metadata["prompt_tokens"].flatMap { Int($0) })
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
            throw FormatError(path: path, problem: "empty tensor: shape \(tensor.storedDimensions) has no values")
        }
        guard !allowNonFinite else { return }
        do {
            if case .mapped = tensor.storage {
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
        if names.isEmpty { throw FormatError(path: path, problem: "empty tensor: the file holds no arrays") }
        if decodable.isEmpty { throw FormatError(path: path, problem: "no float tensor in the file (it has \(SafetensorsFile.list(names)))") }
        throw FormatError(path: path, problem: "holds \(decodable.count) tensors (\(SafetensorsFile.list(decodable))); pick one with --tensor")
    }

    private static func rejectName(_ name: String?, _ format: AttentionFileFormat, _ path: String) throws(FormatError) {
        if name != nil { throw FormatError(path: path, problem: "--tensor applies to .npz and safetensors files, not \(format.rawValue)") }
    }

    private static func wrap<T>(_ path: String, _ body: () throws(AttentionError) -> T) throws(FormatError) -> T {
        do { return try body() } catch { throw FormatError(path: path, error) }
    }
}
