import Attention
import AttentionFormats
import Foundation

/// Reads uploads with `AttentionFormats`: JSON (dict of dicts, nested arrays, `{tokens,
/// attention}`), CSV/TSV, `.npy`, `.npz`, safetensors; validated (no NaN/Inf, tokens match).
///
/// ```swift
/// let data = try FormatsFileReader().read(fileAt: URL(fileURLWithPath: "attn.npy"))
/// ```
public struct FormatsFileReader: AttentionFileReading {
    public init() {}

    public var supportedExtensions: Set<String> {
        ["json", "csv", "tsv", "tab", "npy", "npz", "safetensors", "st"]
    }

    public func read(fileAt url: URL, memoryLimit: Int) throws -> AttentionData {
        try AttentionFile.read(path: url.path, options: .init(memoryLimit: memoryLimit))
    }
}
