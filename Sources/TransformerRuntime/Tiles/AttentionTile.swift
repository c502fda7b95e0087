import Attention

/// One `size × size` tile of a head's weights: per pixel the exact maximum and the exact mean of
/// the cells it covers (masked cells count as weight 0; mean = sum / covered cells), row-major.
/// Pixels entirely outside the matrix hold NaN in both planes.
///
/// ```swift
/// let tile = try engine.tile(TileAddress(layer: 0, head: 0, level: 0, row: 0, column: 0))
/// tile.max[0]                        // the weight of query 0, key 0 (level 0 is exact)
/// let body = tile.littleEndianBytes  // max plane then mean plane, Float32 LE
/// ```
public struct AttentionTile: Sendable, Equatable {
    /// Where the tile is.
    public let address: TileAddress
    /// Pixels along each side.
    public let size: Int
    /// Per pixel, the largest covered weight (`size · size` values, row-major).
    public let max: [Float]
    /// Per pixel, the mean of the covered weights.
    public let mean: [Float]

    /// Creates a tile; both planes must hold `size · size` values.
    public init(address: TileAddress, size: Int, max: [Float], mean: [Float]) {
        precondition(max.count == size * size && mean.count == size * size, "AttentionTile: planes must hold size² values")
        self.address = address
        self.size = size
        self.max = max
        self.mean = mean
    }

    /// Bytes the tile's values take in memory.
    public var byteCount: Int { (max.count + mean.count) * MemoryLayout<Float>.size }

    /// The max plane then the mean plane as little-endian Float32 (`8 · size²` bytes).
    public var littleEndianBytes: [UInt8] { FloatBytes.littleEndian(max + mean) }

    /// Bitwise equality (NaN pixels compare equal).
    public static func == (a: AttentionTile, b: AttentionTile) -> Bool {
        a.address == b.address && a.size == b.size
            && a.max.map(\.bitPattern) == b.max.map(\.bitPattern) && a.mean.map(\.bitPattern) == b.mean.map(\.bitPattern)
    }
}
