import Attention
import Foundation

/// Reads an uploaded attention file (any format the formats module knows) from memory, the seam
/// between the upload endpoint and `AttentionFormats`.
///
/// ```swift
/// let data = try reader.read(data: body, name: "attn.npy", memoryLimit: 256 << 20)
/// ```
public protocol AttentionFileReading: Sendable {
    /// File name extensions (lowercase, without the dot) the reader recognises; an upload's
    /// extension chooses its format.
    var supportedExtensions: Set<String> { get }
    /// Reads the uploaded bytes of the file the client calls `name`, holding at most
    /// `memoryLimit` bytes of decoded values; throws an error whose description is one line for
    /// the client, naming the file as `name`.
    func read(data: Data, name: String, memoryLimit: Int) throws -> AttentionData
}
