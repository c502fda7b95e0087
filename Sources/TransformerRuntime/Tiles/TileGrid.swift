/// The tile pyramid over one `queries × keys` matrix: at level `z` pixel `(i, j)` of tile
/// `(row, column)` covers query rows `[(row·size + i)·2^z, +2^z)` and key columns
/// `[(column·size + j)·2^z, +2^z)`, clipped to the matrix. ``topLevel`` is the smallest level
/// whose single tile covers the whole matrix.
///
/// ```swift
/// let grid = TileGrid(queries: 8192, keys: 8192)          // 256 × 256 pixels per tile
/// grid.topLevel                                           // 5: 256 · 2⁵ = 8192
/// grid.tileCount(level: 0)                                // (rows: 32, columns: 32)
/// grid.cells(TileAddress(layer: 0, head: 0, level: 1, row: 1, column: 0))   // (512..<1024, 0..<512)
/// ```
public struct TileGrid: Hashable, Sendable {
    /// Rows of the matrix.
    public let queries: Int
    /// Columns of the matrix.
    public let keys: Int
    /// Pixels along each side of a tile.
    public let size: Int

    /// A grid of `size × size`-pixel tiles (`size` at least 1).
    public init(queries: Int, keys: Int, size: Int = 256) {
        self.queries = max(0, queries)
        self.keys = max(0, keys)
        self.size = max(1, size)
    }

    /// The smallest `z ≥ 0` with `size · 2^z ≥ max(queries, keys)`.
    public var topLevel: Int {
        var z = 0
        while size << z < max(queries, keys) { z += 1 }
        return z
    }

    /// Tiles along each axis at `level`.
    public func tileCount(level: Int) -> (rows: Int, columns: Int) {
        let side = size << level
        return ((queries + side - 1) / side, (keys + side - 1) / side)
    }

    /// Checks an address's level and tile indices (not its layer and head).
    public func check(_ address: TileAddress) throws(TileError) {
        try TileError.check("level", address.level, count: topLevel + 1)
        let count = tileCount(level: address.level)
        try TileError.check("row", address.row, count: count.rows)
        try TileError.check("column", address.column, count: count.columns)
    }

    /// The query rows and key columns a (checked) tile covers.
    public func cells(_ address: TileAddress) -> (rows: Range<Int>, columns: Range<Int>) {
        let side = size << address.level
        let r = address.row * side, c = address.column * side
        return (min(r, queries)..<min(r + side, queries), min(c, keys)..<min(c + side, keys))
    }
}
