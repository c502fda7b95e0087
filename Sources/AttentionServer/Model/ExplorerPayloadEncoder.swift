import Attention
import AttentionExplorer
import Foundation

/// Encodes attention as the explorer's `attnviz-explorer/1` payload: 8-bit per head with offset
/// and scale, uncompressed (loopback transfer is cheap; deflating costs server CPU), base64.
///
/// ```swift
/// let json = try ExplorerPayloadEncoder().payload(for: data, annotations: .none, title: "The cat sat.")
/// ```
public struct ExplorerPayloadEncoder: AttentionPayloadEncoding {
    public init() {}

    public func payload(for data: AttentionData, annotations: RunAnnotations, title: String) throws -> Data {
        var payload = try ExplorerPayload(data: data, precision: .u8, compression: .none, title: title)
        payload.annotate(annotations)
        return try payload.jsonData()
    }
}
