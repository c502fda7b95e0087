/// The range of one head's weights, for a colour scale: the largest weight, the largest weight
/// outside the sink columns (the first key and special tokens, which often take most of every
/// row), and the smallest weight over all cells (masked cells count as 0, so usually 0).
///
/// ```swift
/// let summary = try engine.summary(layer: 0, head: 0)
/// let scale = 0...summary.sinkMax     // what the other keys span
/// ```
public struct HeadSummary: Sendable, Equatable, Codable {
    /// The largest weight.
    public var max: Float
    /// The largest weight outside the sink columns (0 when every column is a sink).
    public var sinkMax: Float
    /// The smallest weight (masked cells count as 0).
    public var min: Float

    /// Creates a summary.
    public init(max: Float, sinkMax: Float, min: Float) {
        self.max = max
        self.sinkMax = sinkMax
        self.min = min
    }
}
