import Attention
import Foundation

/// Writing safetensors files.
///
/// ```swift
/// try Safetensors.write(SeedExample.data, to: "gperes.safetensors")   // tensor "attention" + tokens
/// ```
public enum Safetensors {
    /// A further F32 tensor stored beside the attention (for example a model's query vectors).
    public struct Extra: Sendable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]

        /// `values` must hold exactly the product of `shape` floats, row-major.
        public init(name: String, shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "Safetensors.Extra \(name): shape \(shape) needs \(shape.reduce(1, *)) values")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The bytes of a safetensors file with `data`'s tensor as F32 under `name` (then the
    /// `extra` tensors, in order) and its tokens as JSON arrays in `__metadata__` (`tokens`, or
    /// `query_tokens` and `key_tokens`; `prompt_tokens` when some were generated; `token_bytes`
    /// when tokens hold parts of characters), then the
    /// `metadata` entries given.
    public static func encode(_ data: AttentionData, name: String = "attention", extra: [Extra] = [],
                              metadata extraMetadata: [(String, String)] = []) -> Data {
        var metadata = [(String, String)]()
        if let q = data.queryTokens, let k = data.keyTokens, q == k {
            metadata.append(("tokens", JSONDocument.encodeStrings(q.strings)))
        } else {
            if let q = data.queryTokens { metadata.append(("query_tokens", JSONDocument.encodeStrings(q.strings))) }
            if let k = data.keyTokens { metadata.append(("key_tokens", JSONDocument.encodeStrings(k.strings))) }
        }
        if let generated = data.generatedFrom { metadata.append(("prompt_tokens", String(generated))) }
        if let bytes = data.tokenBytes { metadata.append(("token_bytes", JSONDocument.encodeStrings(bytes))) }
        metadata += extraMetadata
        let tensor = data.tensor
        let dims = tensor.storedDimensions.reduce(1, *) == tensor.shape.elementCount ? tensor.storedDimensions : tensor.shape.dimensions
        let values = tensor.allValues()
        let entries = [HeaderEntry(name: name, dtype: "F32", shape: dims, byteCount: values.count * 4)]
            + extra.map { HeaderEntry(name: $0.name, dtype: "F32", shape: $0.shape, byteCount: $0.values.count * 4) }
        var out = Data(header(metadata: metadata, entries: entries))
        out.reserveCapacity(out.count + (values.count + extra.reduce(0) { $0 + $1.values.count }) * 4)
        out.appendLittleEndian(values)
        for tensor in extra { out.appendLittleEndian(tensor.values) }
        return out
    }

    /// One tensor's line in a safetensors header; tensors follow each other in the data.
    struct HeaderEntry {
        var name: String
        var dtype: String
        var shape: [Int]
        var byteCount: Int
    }

    /// The 8-byte little-endian length and the JSON header (`__metadata__` first, when there is
    /// any, then `entries` with consecutive `data_offsets`), padded with spaces to 8 bytes.
    static func header(metadata: [(String, String)], entries: [HeaderEntry]) -> [UInt8] {
        var members = [String]()
        if !metadata.isEmpty {
            members.append("\"__metadata__\":{" + metadata.map { JSONDocument.encodeString($0.0) + ":" + JSONDocument.encodeString($0.1) }
                .joined(separator: ",") + "}")
        }
        var offset = 0
        for entry in entries {
            members.append(JSONDocument.encodeString(entry.name) + ":{\"dtype\":\"\(entry.dtype)\",\"shape\":["
                + entry.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + entry.byteCount)]}")
            offset += entry.byteCount
        }
        var json = "{" + members.joined(separator: ",") + "}"
        json += String(repeating: " ", count: (8 - json.utf8.count % 8) % 8)
        return withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian, Array.init) + Array(json.utf8)
    }

    /// Writes `data` (and the `extra` tensors) as safetensors atomically.
    public static func write(_ data: AttentionData, name: String = "attention", extra: [Extra] = [],
                             metadata: [(String, String)] = [], to path: String) throws(FormatError) {
        try AtomicFile.write(encode(data, name: name, extra: extra, metadata: metadata), to: path)
    }
}
