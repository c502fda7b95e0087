import Attention
import AttentionExplorer
import Foundation

/// The JSON answer of `POST /api/attention` and `POST /api/upload`:
/// `{"source", "title", "shape", "tokens", "keyTokens", "pairSplit", "attention"}` where
/// `attention` is the explorer's compact payload.
///
/// ```swift
/// let json = try AttentionResult.json(for: data, annotations: .none, source: "model", title: "hi", encoder: encoder)
/// ```
struct AttentionResult: Encodable {
    var source: String
    var title: String
    var shape: [Int]
    var tokens: [String]
    var keyTokens: [String]
    var pairSplit: Int?

    static func json(
        for data: AttentionData, annotations: RunAnnotations, source: String, title: String, encoder: any AttentionPayloadEncoding
    ) throws -> Data {
        let s = data.tensor.shape
        let summary = AttentionResult(
            source: source, title: title,
            shape: [s.layers, s.heads, s.queries, s.keys],
            tokens: data.queryLabels.strings, keyTokens: data.keyLabels.strings,
            pairSplit: data.pairSplit)
        let json = JSONEncoder()
        json.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var head = try json.encode(summary)
        let payload = try encoder.payload(for: data, annotations: annotations, title: title)
        // Splice the payload in as one more member: {"a":1} -> {"a":1,"attention":PAYLOAD}
        guard head.last == UInt8(ascii: "}") else { return head }
        head.removeLast()
        head.append(contentsOf: Array(#","attention":"#.utf8))
        head.append(payload)
        head.append(UInt8(ascii: "}"))
        return head
    }
}
