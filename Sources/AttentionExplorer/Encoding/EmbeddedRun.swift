import Attention
import Foundation

/// A run as a page made to a size budget holds it (`attnviz explore RUN --max-size 40MB`): the
/// page's views ask the same questions as of a served run (tiles, head ranges, rows, top-k) and
/// the page answers from these parts. Every head has its range and a pooled overview (each pixel
/// the exact max and mean of `2^overviewLevel` cells square); heads at full resolution hold every
/// weight as Float32; the others the top-k keys of every query row with their exact weights.
/// Each part is deflated and base64-encoded as it is added, so only the chosen parts stay in
/// memory, already at the size they take in the page.
///
/// ```swift
/// var run = EmbeddedRun(title: "run", layers: 1, heads: 2, tokens: tokens, causal: true, factored: true,
///                       kvGroupSize: 1, sinkColumns: [0], overviewSize: 64)
/// for head in 0..<2 {
///     run.setOverview(head: head, max: 0.9, sinkMax: 0.4, min: 0, overview: .init(floats: maxPlane + meanPlane))
/// }
/// run.setFull(head: 0, .init(floats: weightsOfHead0))                      // every weight
/// run.setTopKeys(head: 1, k: 8, .init(indices: keys, weights: weights))    // 8 keys per query
/// let html = try ExplorerPage.html(run: run)
/// ```
public struct EmbeddedRun: Sendable {
    /// One compressed part: deflated little-endian bytes in base64.
    public struct Part: Sendable, Equatable {
        /// The base64 text the page holds.
        public let base64: String
        /// Bytes the part takes in the page (its base64 text).
        public var byteCount: Int { base64.utf8.count }

        /// Float32 values, little-endian, deflated.
        public init(floats: [Float]) {
            self.init(bytes: FloatBytes.littleEndian(floats))
        }

        /// A top-k table: Int32 key indices, then Float32 weights, little-endian, deflated.
        public init(indices: [Int32], weights: [Float]) {
            self.init(bytes: FloatBytes.littleEndian(indices) + FloatBytes.littleEndian(weights))
        }

        init(bytes: [UInt8]) {
            base64 = Data(Zlib.compress(bytes, level: 6, strategy: .standard)).base64EncodedString()
        }
    }

    /// Page title.
    public var title: String
    /// Layers and query heads.
    public let layers: Int, heads: Int
    /// Token labels (queries and keys are the same tokens).
    public let tokens: [String]
    /// Whether query `i` sees only keys `0...i`.
    public let causal: Bool
    /// Whether the run was kept as queries and keys (`attnviz run --keep qk`).
    public let factored: Bool
    /// Query heads per key/value head (1 without grouping).
    public let kvGroupSize: Int
    /// Key columns the sink scale leaves out (key 0 and special tokens).
    public let sinkColumns: [Int]
    /// Pixels along each side of every head's overview.
    public let overviewSize: Int
    /// Each overview pixel covers `2^overviewLevel` cells square.
    public let overviewLevel: Int
    /// Keys per query row in the top-k parts (0 when no head has one).
    public private(set) var topK: Int = 0
    /// Tokens from this index on were generated, if any.
    public var generatedFrom: Int?
    /// Per token, the hex bytes of a token holding part of a character, else `""` (tooltips).
    public var tokenBytes: [String]?

    /// Per head: max, max outside the sink columns, min.
    public private(set) var summaries: [[Float]]
    /// Per head: the overview (max plane then mean plane, `overviewSize²` each, NaN outside).
    public private(set) var overviews: [Part?]
    /// Per head: every weight, row-major, or nil.
    public private(set) var full: [Part?]
    /// Per head: the top-k table, or nil.
    public private(set) var topKeys: [Part?]

    /// Tokens (both axes).
    public var sequence: Int { tokens.count }

    /// The page tiles views in 256-pixel tiles, as `attnviz serve` does.
    public static var tileSize: Int { RunDescription.tileSize }

    /// An empty run of `layers × heads` heads over `tokens`; `overviewSize` pixels per side of
    /// each overview (the level follows: the smallest with `overviewSize · 2^level ≥ tokens`).
    public init(title: String, layers: Int, heads: Int, tokens: [String], causal: Bool, factored: Bool,
                kvGroupSize: Int, sinkColumns: [Int], overviewSize: Int) {
        self.title = title
        self.layers = layers
        self.heads = heads
        self.tokens = tokens
        self.causal = causal
        self.factored = factored
        self.kvGroupSize = kvGroupSize
        self.sinkColumns = sinkColumns
        self.overviewSize = overviewSize
        self.overviewLevel = Self.level(covering: tokens.count, size: overviewSize)
        let count = layers * heads
        summaries = Array(repeating: [0, 0, 0], count: count)
        overviews = Array(repeating: nil, count: count)
        full = Array(repeating: nil, count: count)
        topKeys = Array(repeating: nil, count: count)
    }

    /// The smallest `z` with `size · 2^z ≥ count`.
    public static func level(covering count: Int, size: Int) -> Int {
        var z = 0
        while size << z < count { z += 1 }
        return z
    }

    /// Sets head `head`'s (`layer * heads + head`) range and overview planes.
    public mutating func setOverview(head: Int, max: Float, sinkMax: Float, min: Float, overview: Part) {
        summaries[head] = [max, sinkMax, min]
        overviews[head] = overview
    }

    /// Stores every weight of head `head` (it then needs no top-k table), or removes them.
    public mutating func setFull(head: Int, _ part: Part?) {
        full[head] = part
    }

    /// Stores head `head`'s top-k table (`k` keys per query).
    public mutating func setTopKeys(head: Int, k: Int, _ part: Part?) {
        topK = k
        topKeys[head] = part
    }

    /// Bytes the heavy parts take in the page: overviews, full heads, top-k tables of heads
    /// without full weights.
    public var partBytes: Int {
        var total = 0
        for i in 0..<(layers * heads) {
            total += overviews[i]?.byteCount ?? 0
            total += full[i]?.byteCount ?? topKeys[i]?.byteCount ?? 0
        }
        return total
    }

    /// The payload JSON (`attnviz-run/1` with `embedded`), parts as they are stored.
    public func jsonData() throws(AttentionError) -> Data {
        let count = layers * heads
        guard overviews.allSatisfy({ $0 != nil }) else { throw .invalidParameter("every head needs an overview") }
        guard (0..<count).allSatisfy({ full[$0] != nil || topKeys[$0] != nil }) else {
            throw .invalidParameter("every head needs its full weights or a top-k table")
        }
        var top = 0
        while RunDescription.tileSize << top < sequence { top += 1 }
        func strings(_ parts: [Part?]) -> [String?] { parts.map { $0?.base64 } }
        var description = RunDescription(
            id: nil, title: title, shape: [layers, heads, sequence, sequence], tokens: tokens, topLevel: top,
            factored: factored, causal: causal, kvGroupSize: kvGroupSize, sinkColumns: sinkColumns, generatedFrom: generatedFrom)
        description.annotate(RunAnnotations(partialBytes: tokenBytes))
        let payload = Payload(
            description: description,
            embedded: .init(
                compression: "deflate", summaries: summaries,
                overview: .init(size: overviewSize, level: overviewLevel, heads: overviews.map { $0?.base64 ?? "" }),
                topk: topKeys.contains { $0 != nil } ? .init(k: topK, heads: (0..<count).map { full[$0] == nil ? topKeys[$0]?.base64 : nil }) : nil,
                full: .init(heads: strings(full))))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do { return try encoder.encode(payload) } catch { throw .invalidParameter("cannot encode the run: \(error)") }
    }

    /// The run's description with its parts under `embedded`, in one JSON object.
    private struct Payload: Encodable {
        var description: RunDescription
        var embedded: Embedded

        func encode(to encoder: any Encoder) throws {
            try description.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(embedded, forKey: .embedded)
        }

        enum CodingKeys: String, CodingKey { case embedded }
    }

    private struct Embedded: Encodable {
        struct Overview: Encodable { var size: Int; var level: Int; var heads: [String] }
        struct TopK: Encodable { var k: Int; var heads: [String?] }
        struct Full: Encodable { var heads: [String?] }
        var compression: String
        var summaries: [[Float]]
        var overview: Overview
        var topk: TopK?
        var full: Full

        func encode(to encoder: any Encoder) throws {
            // Nil parts are written as null (the page checks that every head has one or the other).
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(compression, forKey: .compression)
            try c.encode(summaries, forKey: .summaries)
            try c.encode(overview, forKey: .overview)
            if let topk { try c.encode(NullKeeping(topk.k, topk.heads), forKey: .topk) } else { try c.encodeNil(forKey: .topk) }
            try c.encode(NullKeeping(nil, full.heads), forKey: .full)
        }

        enum CodingKeys: String, CodingKey { case compression, summaries, overview, topk, full }
    }

    /// `{"k": k?, "heads": [...]}` with nil entries as JSON null.
    private struct NullKeeping: Encodable {
        let k: Int?, heads: [String?]
        init(_ k: Int?, _ heads: [String?]) { self.k = k; self.heads = heads }
        enum CodingKeys: String, CodingKey { case k, heads }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if let k { try c.encode(k, forKey: .k) }
            var list = c.nestedUnkeyedContainer(forKey: .heads)
            for h in heads { if let h { try list.encode(h) } else { try list.encodeNil() } }
        }
    }
}
