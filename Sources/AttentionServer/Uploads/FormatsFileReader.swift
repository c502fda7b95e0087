import Attention
import AttentionFormats
import Foundation

/// Reads uploads with `AttentionFormats`, in memory: JSON (dict of dicts, nested arrays,
/// `{tokens, attention}`), CSV/TSV, `.npy`, `.npz`, safetensors; validated (no NaN/Inf, tokens
/// match). Problems are `UploadReadError`s said in the upload API's terms.
///
/// ```swift
/// let data = try FormatsFileReader().read(data: body, name: "attn.npy", memoryLimit: 256 << 20)
/// ```
public struct FormatsFileReader: AttentionFileReading {
    public init() {}

    public var supportedExtensions: Set<String> {
        ["json", "csv", "tsv", "tab", "npy", "npz", "safetensors", "st"]
    }

    public func read(data: Data, name: String, memoryLimit: Int) throws -> AttentionData {
        do {
            return try AttentionFile.read(data: data, name: name, options: .init(memoryLimit: memoryLimit))
        } catch {
            throw UploadReadError(error)
        }
    }
}
