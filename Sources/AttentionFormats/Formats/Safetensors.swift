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
    /// `query_tokens` and `key_tokens`; `prompt_tokens` when some were generated), then the
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
        metadata += extraMetadata
        let tensor = data.tensor
        let dims = tensor.storedDimensions.reduce(1, *) == tensor.shape.elementCount ? tensor.storedDimensions : tensor.shape.dimensions
        let values = tensor.allValues()
        var header = "{"
        if !metadata.isEmpty {
            header += "\"__metadata__\":{" + metadata.map { JSONDocument.encodeString($0.0) + ":" + JSONDocument.encodeString($0.1) }
                .joined(separator: ",") + "},"
        }
        let entries = [(name, dims, values.count)] + extra.map { ($0.name, $0.shape, $0.values.count) }
        var offset = 0
        var described = [String]()
        for (entryName, shape, count) in entries {
            described.append(JSONDocument.encodeString(entryName) + ":{\"dtype\":\"F32\",\"shape\":["
                + shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + count * 4)]}")
            offset += count * 4
        }
        header += described.joined(separator: ",") + "}"
        header += String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        var out = Data()
        let length = UInt64(header.utf8.count)
        withUnsafeBytes(of: length.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.reserveCapacity(out.count + (values.count + extra.reduce(0) { $0 + $1.values.count }) * 4)
        out.appendLittleEndian(values)
        for tensor in extra { out.appendLittleEndian(tensor.values) }
        return out
    }

    /// Writes `data` (and the `extra` tensors) as safetensors atomically.
    public static func write(_ data: AttentionData, name: String = "attention", extra: [Extra] = [],
                             metadata: [(String, String)] = [], to path: String) throws(FormatError) {
        try AtomicFile.write(encode(data, name: name, extra: extra, metadata: metadata), to: path)
    }
}
