import Attention
import Foundation

/// Writing safetensors files.
///
/// ```swift
/// try Safetensors.write(SeedExample.data, to: "gperes.safetensors")   // tensor "attention" + tokens
/// ```
public enum Safetensors {
    /// The bytes of a safetensors file with `data`'s tensor as F32 under `name` and its tokens as
    /// JSON arrays in `__metadata__` (`tokens`, or `query_tokens` and `key_tokens`).
    public static func encode(_ data: AttentionData, name: String = "attention") -> Data {
        var metadata = [(String, String)]()
        if let q = data.queryTokens, let k = data.keyTokens, q == k {
            metadata.append(("tokens", JSONDocument.encodeStrings(q.strings)))
        } else {
            if let q = data.queryTokens { metadata.append(("query_tokens", JSONDocument.encodeStrings(q.strings))) }
            if let k = data.keyTokens { metadata.append(("key_tokens", JSONDocument.encodeStrings(k.strings))) }
        }
        let tensor = data.tensor
        let dims = tensor.storedDimensions.reduce(1, *) == tensor.shape.elementCount ? tensor.storedDimensions : tensor.shape.dimensions
        let values = tensor.allValues()
        var header = "{"
        if !metadata.isEmpty {
            header += "\"__metadata__\":{" + metadata.map { JSONDocument.encodeString($0.0) + ":" + JSONDocument.encodeString($0.1) }
                .joined(separator: ",") + "},"
        }
        header += JSONDocument.encodeString(name) + ":{\"dtype\":\"F32\",\"shape\":[" + dims.map(String.init).joined(separator: ",")
            + "],\"data_offsets\":[0,\(values.count * 4)]}}"
        header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        var out = Data()
        let length = UInt64(header.utf8.count)
        withUnsafeBytes(of: length.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.reserveCapacity(out.count + values.count * 4)
        out.appendLittleEndian(values)
        return out
    }

    /// Writes `data` as safetensors atomically.
    public static func write(_ data: AttentionData, name: String = "attention", to path: String) throws(FormatError) {
        try AtomicFile.write(encode(data, name: name), to: path)
    }
}
