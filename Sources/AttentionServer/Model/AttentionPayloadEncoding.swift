import Attention
import AttentionExplorer
import Foundation

/// Turns attention into the JSON object the explorer page script loads (tokens and the compact
/// per-head encoding): the seam between the server and `AttentionExplorer`.
///
/// ```swift
/// let json: Data = try encoder.payload(for: data, annotations: .none, title: "The cat sat.")
/// ```
public protocol AttentionPayloadEncoding: Sendable {
    /// One JSON object, UTF-8, with the run's `annotations` for the page's tooltips.
    func payload(for data: AttentionData, annotations: RunAnnotations, title: String) throws -> Data
}
