import AttentionText
import Foundation

/// Where a text run is pinned: which point of its (unrotated) box sits at the anchor point.
public struct TextAnchor: Hashable, Sendable {
    /// Horizontal position along the text: start, middle or end of the run.
    public enum Horizontal: Hashable, Sendable { case leading, center, trailing }
    /// Vertical position: top of the line box, its middle, the baseline, or its bottom.
    public enum Vertical: Hashable, Sendable { case top, middle, baseline, bottom }

    public var horizontal: Horizontal
    public var vertical: Vertical

    public init(_ horizontal: Horizontal, _ vertical: Vertical) {
        self.horizontal = horizontal
        self.vertical = vertical
    }

    /// The offset of the box's top-left corner from the anchor point, before rotation.
    public func origin(for extent: TextExtent) -> Point {
        let x: Double
        switch horizontal {
        case .leading: x = 0
        case .center: x = -extent.width / 2
        case .trailing: x = -extent.width
        }
        let y: Double
        switch vertical {
        case .top: y = 0
        case .middle: y = -extent.height / 2
        case .baseline: y = -extent.baseline
        case .bottom: y = -extent.height
        }
        return Point(x: x, y: y)
    }

    /// The box (possibly rotated by `degrees` counter-clockwise about `point`) a text of
    /// `extent` occupies when drawn at `point` with this anchor.
    public func box(for extent: TextExtent, at point: Point, rotation degrees: Double = 0) -> Quad {
        let o = origin(for: extent)
        let local = [Point(x: o.x, y: o.y), Point(x: o.x + extent.width, y: o.y),
                     Point(x: o.x + extent.width, y: o.y + extent.height), Point(x: o.x, y: o.y + extent.height)]
        let radians = degrees * Double.pi / 180
        let c = cos(radians), s = sin(radians)
        // Counter-clockwise on screen (y down): (x, y) -> (x cos + y sin, -x sin + y cos).
        return Quad(corners: local.map { Point(x: point.x + $0.x * c + $0.y * s, y: point.y - $0.x * s + $0.y * c) })
    }
}

/// The few drawing primitives every figure needs, in points with y growing downwards. Figures
/// compute their layout first and then call these; `CairoCanvas` implements them for PNG,
/// SVG and PDF, so all three formats show the same picture.
///
/// ```swift
/// let canvas = try CairoCanvas(width: 200, height: 100, format: .png(dpi: 144))
/// canvas.fill(Rect(x: 0, y: 0, width: 200, height: 100), color: .white)
/// canvas.draw(TextRun("武汉市长江大桥"), at: Point(x: 100, y: 50), anchor: TextAnchor(.center, .middle))
/// let png = try canvas.finish()
/// ```
public protocol Canvas: TextMeasuring {
    /// The page size in points.
    var size: Size { get }
    /// Device pixels per point for raster output (a PNG at 144 dpi: 2), `nil` for vector output
    /// (SVG, PDF). Figures ask this, not which backend they draw on.
    var pixelsPerPoint: Double? { get }
    /// Fills a rectangle.
    func fill(_ rect: Rect, color: RGBA)
    /// Draws `image` stretched over `rect` with nearest-neighbour sampling (no smoothing).
    func draw(_ image: RasterImage, in rect: Rect)
    /// Draws one line of text with `anchor` at `point`, rotated counter-clockwise by `rotation`
    /// degrees about that point.
    func draw(_ run: TextRun, at point: Point, anchor: TextAnchor, rotation: Double, color: RGBA)
    /// Strokes a path with square-free butt caps.
    func stroke(_ path: Path, color: RGBA, width: Double)
}

extension Canvas {
    /// Draws unrotated black text.
    public func draw(_ run: TextRun, at point: Point, anchor: TextAnchor = TextAnchor(.leading, .baseline)) {
        draw(run, at: point, anchor: anchor, rotation: 0, color: .black)
    }
}
