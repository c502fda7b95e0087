import Attention

/// What the explorer page needs to show a run tile by tile (`attnviz-run/1`): its shape, tokens,
/// tile geometry and how its weights arise. `attnviz serve` answers it at `GET /api/runs/{id}`
/// (the page then asks for tiles, rows and top-k); a page made to a size budget embeds it with
/// the run's parts (``EmbeddedRun``).
///
/// ```swift
/// let run = RunDescription(id: "file", title: "run.safetensors", shape: [30, 9, 8192, 8192], tokens: tokens,
///                          topLevel: 5, factored: true, causal: true, kvGroupSize: 3, sinkColumns: [0])
/// ```
public struct RunDescription: Encodable, Sendable, Equatable {
    /// Identifies the encoding: `attnviz-run/1`.
    public var format = "attnviz-run/1"
    /// The server's id of the run (`nil` in a page that holds the run itself).
    public var id: String?
    /// A title (the file's name, or the text's start).
    public var title: String
    /// `[layers, heads, queries, keys]`.
    public var shape: [Int]
    /// Labels of the query axis.
    public var queryTokens: [String]
    /// Labels of the key axis.
    public var keyTokens: [String]
    /// Pixels along each side of a tile.
    public var tileSize: Int
    /// The smallest level whose one tile covers a head.
    public var topLevel: Int
    /// Whether the run is kept as queries and keys.
    public var factored: Bool
    /// Whether query `i` sees only keys `0...i` (the page then skips tiles above the diagonal).
    public var causal: Bool
    /// Query heads per key/value head (1 without grouping).
    public var kvGroupSize: Int
    /// Key columns the sink scale leaves out (key 0 and special tokens).
    public var sinkColumns: [Int]
    /// Tokens from this index on were generated, if any.
    public var generatedFrom: Int?
    /// Per token, the hex bytes of a token holding part of a character, else `""` (see ``annotate(_:)``).
    public var tokenBytes: [String]?
    /// Per token, the input text an unknown token stands for, else `""` (see ``annotate(_:)``).
    public var unknownSources: [String]?

    /// The 256-pixel tiles both the server and budget pages use.
    public static let tileSize = 256

    /// A description; `queryTokens` and `keyTokens` are both `tokens` unless `keyTokens` is given.
    public init(id: String?, title: String, shape: [Int], tokens: [String], keyTokens: [String]? = nil,
                tileSize: Int = Self.tileSize, topLevel: Int, factored: Bool, causal: Bool, kvGroupSize: Int,
                sinkColumns: [Int], generatedFrom: Int? = nil) {
        self.id = id
        self.title = title
        self.shape = shape
        self.queryTokens = tokens
        self.keyTokens = keyTokens ?? tokens
        self.tileSize = tileSize
        self.topLevel = topLevel
        self.factored = factored
        self.causal = causal
        self.kvGroupSize = kvGroupSize
        self.sinkColumns = sinkColumns
        self.generatedFrom = generatedFrom
    }

    /// Adds what a model run knows about its tokens (see ``RunAnnotations``), as the dense
    /// payload does: lists that do not fit the tokens, or hold only empty strings, are left out.
    public mutating func annotate(_ annotations: RunAnnotations) {
        let (queries, keys) = (queryTokens.count, keyTokens.count)
        let fitting = { (list: [String]) in RunAnnotations.fitting(list, queries: queries, keys: keys) }
        tokenBytes = annotations.partialBytes.flatMap(fitting)
        unknownSources = annotations.unknownSources.flatMap(fitting)
    }
}
