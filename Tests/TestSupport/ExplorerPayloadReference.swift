import Foundation

/// The explorer payload (`attnviz-explorer/1`) decoded from its JSON by the format's definition
/// alone, without the code under test: base64 `data`, then per head `offsets[h] + byte * scales[h]`
/// (`u8`) or little-endian IEEE binary16 (`f16`, read with Swift's own `Float16`), each head
/// row-major. Only uncompressed payloads (`"compression": "none"`, no `layout` or `"rows"`);
/// deflated ones need a zlib decoder and store heads key-major.
///
/// ```swift
/// let payload = try #require(ExplorerPayloadReference(json: attention))
/// payload.weight(0, 0, 1, 2)
/// ExplorerPayloadReference.halfStep(of: expectedHead)   // the largest u8 error allowed
/// ```
public struct ExplorerPayloadReference: Sendable {
    public let shape: [Int]
    public let precision: String
    public let offsets: [Float]
    public let scales: [Float]
    public let bytes: [UInt8]

    public init?(json: [String: Any]) {
        guard json["format"] as? String == "attnviz-explorer/1", json["compression"] as? String == "none",
              json["layout"] == nil || json["layout"] as? String == "rows",
              let shape = json["shape"] as? [Int], shape.count == 4,
              let precision = json["precision"] as? String, ["u8", "f16"].contains(precision),
              let offsets = (json["offsets"] as? [Double])?.map({ Float($0) }),
              let scales = (json["scales"] as? [Double])?.map({ Float($0) }),
              let base64 = json["data"] as? String, let data = Data(base64Encoded: base64) else { return nil }
        let heads = shape[0] * shape[1], count = heads * shape[2] * shape[3]
        guard offsets.count == heads, scales.count == heads, data.count == count * (precision == "f16" ? 2 : 1) else { return nil }
        self.shape = shape
        self.precision = precision
        self.offsets = offsets
        self.scales = scales
        self.bytes = [UInt8](data)
    }

    /// The stored weight at `[layer, head, query, key]`.
    public func weight(_ l: Int, _ h: Int, _ q: Int, _ k: Int) -> Float {
        let head = l * shape[1] + h
        let index = (head * shape[2] + q) * shape[3] + k
        if precision == "f16" {
            return Float(Float16(bitPattern: UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8))
        }
        return offsets[head] + Float(bytes[index]) * scales[head]
    }

    /// Half of one 8-bit step of a head whose exact weights are `values`: the range from
    /// min(min, 0) to max(max, 0) over 255 levels, halved, plus float rounding.
    public static func halfStep(of values: [Float]) -> Float {
        let low = min(values.min() ?? 0, 0), high = max(values.max() ?? 0, 0)
        return (high - low) / 510 * 1.0001 + 1e-7
    }
}
