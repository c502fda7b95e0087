import Attention
import Foundation

/// Turns attention into the JSON object the explorer page script loads (tokens and the compact
/// per-head encoding): the seam between the server and `AttentionExplorer`.
///
/// ```swift
/// let json: Data = try encoder.payload(for: data, title: "The cat sat.")
/// ```
public protocol AttentionPayloadEncoding: Sendable {
    /// One JSON object, UTF-8.
    func payload(for data: AttentionData, title: String) throws -> Data
}
