import Attention
import Foundation

/// Stand-in payload until the explorer's compact encoding lands: per head, the maximum as
/// `scale` and every weight as `round(255 * w / scale)` in one base64 byte string, heads in
/// `[layer][head]` order.
///
/// ```swift
/// let json = try ByteQuantizedEncoding().payload(for: data, title: "hi")
/// ```
public struct ByteQuantizedEncoding: AttentionPayloadEncoding {
    public init() {}

    struct Payload: Encodable {
        var title: String
        var shape: [Int]
        var scales: [Float]
        var data: String
    }

    public func payload(for data: AttentionData, title: String) throws -> Data {
        let s = data.tensor.shape
        var scales = [Float]()
        var bytes = [UInt8]()
        bytes.reserveCapacity(s.layers * s.heads * s.queries * s.keys)
        for l in 0..<s.layers {
            for h in 0..<s.heads {
                let m = try data.tensor.matrix(layer: l, head: h)
                let scale = m.values.reduce(Float(0)) { max($0, $1.isFinite ? $1 : 0) }
                scales.append(scale)
                for v in m.values {
                    let q = scale > 0 && v.isFinite ? (max(0, v) / scale * 255).rounded() : 0
                    bytes.append(UInt8(min(255, q)))
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Payload(title: title, shape: [s.layers, s.heads, s.queries, s.keys], scales: scales, data: Data(bytes).base64EncodedString()))
    }
}
