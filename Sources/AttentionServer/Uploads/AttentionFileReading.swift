import Attention
import Foundation

/// Reads an uploaded attention file (any format the formats module knows), the seam between the
/// upload endpoint and `AttentionFormats`.
///
/// ```swift
/// let data = try reader.read(fileAt: URL(fileURLWithPath: "/tmp/attnviz-serve-x/upload-1.npy"))
/// ```
public protocol AttentionFileReading: Sendable {
    /// File name extensions (lowercase, without the dot) the reader recognises; an uploaded
    /// file's own name contributes nothing but one of these to the temporary file's name.
    var supportedExtensions: Set<String> { get }
    /// Reads the whole file, holding at most `memoryLimit` bytes of decoded values; throws an
    /// error whose description is one line for the client.
    func read(fileAt url: URL, memoryLimit: Int) throws -> AttentionData
}
