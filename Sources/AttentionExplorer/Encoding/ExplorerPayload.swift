import Attention
import Foundation

/// Everything the explorer page needs, as one JSON-able value: tokens, shape, per-head scales
/// and the packed (optionally deflated) weights in base64. `attnviz explore` inlines it in the
/// page; a server can return `jsonData()` from an API and hand it to the page's
/// `attnviz.load(payload)` or point the page shell at its URL.
///
/// ```swift
/// let payload = try ExplorerPayload(data: SeedExample.data, precision: .u8)
/// let json = try payload.jsonData()        // {"format":"attnviz-explorer/1","shape":[1,1,7,7],...}
/// ```
public struct ExplorerPayload: Codable, Sendable, Equatable {
    /// Identifies the encoding: `attnviz-explorer/1`.
    public var format: String
    /// A title for the page, if any.
    public var title: String?
    /// Labels of the query axis.
    public var queryTokens: [String]
    /// Labels of the key axis.
    public var keyTokens: [String]
    /// `[layers, heads, queries, keys]`.
    public var shape: [Int]
    /// For sentence pairs: index of the first token of sentence B (on both axes).
    public var pairSplit: Int?
    /// How each weight is stored.
    public var precision: ExplorerPrecision
    /// How the packed bytes are compressed.
    public var compression: ExplorerCompression
    /// Per head (`layer * heads + head`), the value of byte 0 (`u8`).
    public var offsets: [Float]
    /// Per head, the value of one byte step (`u8`).
    public var scales: [Float]
    /// The packed weights (see `QuantizedTensor`), compressed, in base64.
    public var data: String
    /// Per head (`layer * heads + head`), four numbers computed from the exact weights: mean
    /// row entropy in bits, mean weight on the first key, on the query itself, on the previous
    /// token (see `HeadStatistics`). `nil` when not computed; the page then derives them from
    /// the packed weights.
    public var headStatistics: [Float]?

    /// The identifier written in `format`.
    public static let formatIdentifier = "attnviz-explorer/1"

    /// Encodes labelled attention. `pairSplit` overrides the data's own split; it must lie
    /// inside the tokens, and sentence pairs need as many query as key tokens.
    public init(
        data: AttentionData, precision: ExplorerPrecision = .u8, compression: ExplorerCompression = .deflate,
        pairSplit: Int? = nil, title: String? = nil
    ) throws(AttentionError) {
        let packed = try QuantizedTensor(data.tensor, precision: precision)
        let shape = data.tensor.shape
        let split = pairSplit ?? data.pairSplit
        if let split {
            guard shape.queries == shape.keys else {
                throw .invalidParameter("a sentence-pair split needs as many queries as keys, got \(shape.queries) and \(shape.keys)")
            }
            guard split > 0 && split < shape.keys else {
                throw .invalidParameter("split \(split) must lie between 1 and \(shape.keys - 1) so both sentences have tokens")
            }
        }
        self.init(packed: packed, queryTokens: data.queryLabels.strings, keyTokens: data.keyLabels.strings,
                  compression: compression, pairSplit: split, title: title)
        var statistics = [Float]()
        statistics.reserveCapacity(shape.layers * shape.heads * 4)
        for layer in try HeadStatistics.table(for: data.tensor) {
            for head in layer {
                statistics += [Float(head.meanEntropy / M_LN2), Float(head.firstToken), Float(head.selfAttention), Float(head.previousToken)]
            }
        }
        headStatistics = statistics
    }

    /// Wraps an already packed tensor.
    public init(packed: QuantizedTensor, queryTokens: [String], keyTokens: [String],
                compression: ExplorerCompression = .deflate, pairSplit: Int? = nil, title: String? = nil) {
        format = Self.formatIdentifier
        self.title = title
        self.queryTokens = queryTokens
        self.keyTokens = keyTokens
        shape = packed.shape.dimensions
        self.pairSplit = pairSplit
        precision = packed.precision
        self.compression = compression
        offsets = packed.offsets
        scales = packed.scales
        let bytes = compression == .deflate ? Deflate.zlib(packed.bytes) : packed.bytes
        self.data = Data(bytes).base64EncodedString()
        headStatistics = nil
    }

    /// The payload as compact JSON.
    public func jsonData() throws(AttentionError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return try encoder.encode(self) } catch {
            throw .invalidParameter("cannot encode explorer payload: \(error)")
        }
    }

    /// The packed tensor back, for payloads stored without compression.
    public func unpacked() throws(AttentionError) -> QuantizedTensor {
        guard compression == .none else {
            throw .invalidParameter("unpacking a deflated payload needs a zlib decoder (the page uses the browser's)")
        }
        guard shape.count == 4, let bytes = Data(base64Encoded: data) else {
            throw .shapeMismatch("payload has shape \(shape) or undecodable base64 data")
        }
        return try QuantizedTensor(
            shape: TensorShape(layers: shape[0], heads: shape[1], queries: shape[2], keys: shape[3]),
            precision: precision, offsets: offsets, scales: scales, bytes: [UInt8](bytes))
    }
}
