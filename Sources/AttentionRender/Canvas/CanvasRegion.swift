import AttentionText

/// A rectangle of another canvas used as a canvas of its own: a figure drawn on it lands at
/// `origin` on the page, so several figures (the panels of ``HeadScoreFigure``) share one page.
///
/// ```swift
/// let panel = CanvasRegion(base: canvas, origin: Point(x: 300, y: 0), size: Size(width: 300, height: 240))
/// heatmap.draw(try heatmap.layout(pixelsPerPoint: panel.pixelsPerPoint, measurer: panel), on: panel)
/// ```
public struct CanvasRegion<Base: Canvas>: Canvas {
    /// The page drawn on.
    public let base: Base
    /// Where the region's (0, 0) is on the page, in points.
    public let origin: Point
    /// The region's size in points.
    public let size: Size

    /// The region of `base` at `origin` of `size`.
    public init(base: Base, origin: Point, size: Size) {
        self.base = base
        self.origin = origin
        self.size = size
    }

    public var pixelsPerPoint: Double? { base.pixelsPerPoint }

    public func measure(_ run: TextRun) -> TextExtent { base.measure(run) }

    public func fill(_ rect: Rect, color: RGBA) { base.fill(moved(rect), color: color) }

    public func draw(_ image: RasterImage, in rect: Rect) { base.draw(image, in: moved(rect)) }

    public func draw(_ run: TextRun, at point: Point, anchor: TextAnchor, rotation: Double, color: RGBA) {
        base.draw(run, at: moved(point), anchor: anchor, rotation: rotation, color: color)
    }

    public func stroke(_ path: Path, color: RGBA, width: Double) {
        var shifted = Path()
        for element in path.elements {
            switch element {
            case .move(let p): shifted.move(to: moved(p))
            case .line(let p): shifted.line(to: moved(p))
            case .close: shifted.close()
            }
        }
        base.stroke(shifted, color: color, width: width)
    }

    private func moved(_ p: Point) -> Point { Point(x: p.x + origin.x, y: p.y + origin.y) }
    private func moved(_ r: Rect) -> Rect { Rect(x: r.x + origin.x, y: r.y + origin.y, width: r.width, height: r.height) }
}
