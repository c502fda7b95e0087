import TransformerRuntime

/// What the server's tile cache holds for a run: encoded tiles and top-key tables (ready to
/// send) and head summaries.
///
/// ```swift
/// let key = RunCacheKey(run: "file", item: .summary(layer: 0, head: 1))
/// ```
struct RunCacheKey: Hashable, Sendable {
    /// One cached thing of a run.
    enum Item: Hashable, Sendable {
        case tile(TileAddress)
        case summary(layer: Int, head: Int)
        case topKeys(layer: Int, head: Int)
    }

    var run: String
    var item: Item
}

/// A cached value (see ``RunCacheKey``).
enum RunCacheValue: Sendable {
    /// A tile's little-endian bytes (max plane, mean plane).
    case tileBytes([UInt8])
    /// A head's range.
    case summary(HeadSummary)
    /// Every row's top keys for the largest k.
    case topKeys(TopKeys)

    /// What the entry costs in the cache's budget.
    var cost: Int {
        switch self {
        case .tileBytes(let bytes): bytes.count + 64
        case .summary: 64
        case .topKeys(let table): table.byteCount + 64
        }
    }
}

/// The server's cache of computed tiles, summaries and top-key tables.
typealias RunTileCache = TileCache<RunCacheKey, RunCacheValue>
