/// A text run with its final position: what a figure's layout hands to the canvas, and what
/// layout tests inspect (its `box`) without rasterising anything.
public struct PlacedText: Hashable, Sendable {
    /// What the text is in the figure.
    public enum Role: Hashable, Sendable {
        case title, xAxisTitle, yAxisTitle, xTick, yTick, colorBarTick, colorBarLabel, annotation, header
    }

    public var role: Role
    public var run: TextRun
    public var point: Point
    public var anchor: TextAnchor
    /// Degrees counter-clockwise about `point`.
    public var rotation: Double
    /// The measured, unrotated size.
    public var extent: TextExtent
    /// Tick index (row or column), cell index `row * columns + column`, or head index.
    public var index: Int?

    public init(role: Role, run: TextRun, point: Point, anchor: TextAnchor, rotation: Double = 0, extent: TextExtent, index: Int? = nil) {
        self.role = role
        self.run = run
        self.point = point
        self.anchor = anchor
        self.rotation = rotation
        self.extent = extent
        self.index = index
    }

    /// The (possibly rotated) box the text occupies on the page.
    public var box: Quad { anchor.box(for: extent, at: point, rotation: rotation) }
}
