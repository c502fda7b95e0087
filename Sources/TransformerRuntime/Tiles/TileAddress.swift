/// Which tile of which head: tile row `row` and tile column `column` of zoom `level` (0 shows
/// every cell, each level up halves the resolution on both axes).
///
/// ```swift
/// let address = TileAddress(layer: 3, head: 5, level: 2, row: 1, column: 0)
/// ```
public struct TileAddress: Hashable, Sendable, CustomStringConvertible {
    /// Layer index.
    public var layer: Int
    /// Query head index.
    public var head: Int
    /// Zoom level: each pixel covers `2^level × 2^level` cells.
    public var level: Int
    /// Tile row (along the queries).
    public var row: Int
    /// Tile column (along the keys).
    public var column: Int

    /// Creates an address.
    public init(layer: Int, head: Int, level: Int, row: Int, column: Int) {
        self.layer = layer
        self.head = head
        self.level = level
        self.row = row
        self.column = column
    }

    public var description: String { "layer \(layer) head \(head) level \(level) tile (\(row), \(column))" }
}
