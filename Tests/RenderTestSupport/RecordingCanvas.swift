import AttentionRender
import AttentionText

/// A ``Canvas`` that draws nothing and remembers every call, in order: what a figure asked for,
/// where, in which colour. Layout and drawing tests run a figure on it and check the primitives
/// (cells inside the plot, labels not overlapping, the colour bar beside the cells) with no
/// Cairo surface and no font, as swift-nio's `EmbeddedChannel` tests a handler without a socket.
/// Text is measured by ``ApproximateTextMeasurer``.
///
/// ```swift
/// let canvas = RecordingCanvas(width: 460.8, height: 345.6, pixelsPerPoint: 100.0 / 72)
/// let layout = try heatmap.layout(pixelsPerPoint: canvas.pixelsPerPoint, measurer: canvas)
/// heatmap.draw(layout, on: canvas)
/// canvas.images.first?.rect == layout.plot      // the cells are one image over the plot
/// ```
public final class RecordingCanvas: Canvas {
    /// One recorded call.
    public enum Primitive: Equatable {
        case fill(Rect, RGBA)
        case image(RasterImage, Rect)
        case text(RecordedText)
        case stroke(Path, RGBA, width: Double)
    }

    /// A text run as drawn, with the box it covers.
    public struct RecordedText: Equatable {
        public var run: TextRun
        public var point: Point
        public var anchor: TextAnchor
        public var rotation: Double
        public var color: RGBA
        /// The measured extent's (possibly rotated) box on the page.
        public var box: Quad
    }

    public let size: Size
    public let pixelsPerPoint: Double?
    /// Every call, in order.
    public private(set) var primitives: [Primitive] = []
    private let measurer = ApproximateTextMeasurer()

    /// A page of `width x height` points; `pixelsPerPoint` as a PNG canvas at `72 x` that many
    /// dpi would answer, `nil` (the default) for a vector canvas.
    public init(width: Double, height: Double, pixelsPerPoint: Double? = nil) {
        size = Size(width: width, height: height)
        self.pixelsPerPoint = pixelsPerPoint
    }

    public func measure(_ run: TextRun) -> TextExtent { measurer.measure(run) }

    public func fill(_ rect: Rect, color: RGBA) { primitives.append(.fill(rect, color)) }

    public func draw(_ image: RasterImage, in rect: Rect) { primitives.append(.image(image, rect)) }

    public func draw(_ run: TextRun, at point: Point, anchor: TextAnchor, rotation: Double, color: RGBA) {
        let box = anchor.box(for: measure(run), at: point, rotation: rotation)
        primitives.append(.text(RecordedText(run: run, point: point, anchor: anchor, rotation: rotation, color: color, box: box)))
    }

    public func stroke(_ path: Path, color: RGBA, width: Double) { primitives.append(.stroke(path, color, width: width)) }

    /// The filled rectangles and their colours, in order.
    public var fills: [(rect: Rect, color: RGBA)] {
        primitives.compactMap { if case .fill(let r, let c) = $0 { return (r, c) } else { return nil } }
    }

    /// The images and where they were drawn, in order.
    public var images: [(image: RasterImage, rect: Rect)] {
        primitives.compactMap { if case .image(let i, let r) = $0 { return (i, r) } else { return nil } }
    }

    /// The text runs drawn, in order.
    public var texts: [RecordedText] {
        primitives.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
    }

    /// The stroked paths, in order.
    public var strokes: [(path: Path, color: RGBA, width: Double)] {
        primitives.compactMap { if case .stroke(let p, let c, let w) = $0 { return (p, c, w) } else { return nil } }
    }
}
