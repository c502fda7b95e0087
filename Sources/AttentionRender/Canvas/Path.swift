/// A polyline or polygon in points, for strokes (grid lines, ticks, frames).
///
/// ```swift
/// var tick = Path()
/// tick.move(to: Point(x: 10, y: 0))
/// tick.line(to: Point(x: 10, y: 3.5))
/// canvas.stroke(tick, color: .black, width: 0.8)
/// ```
public struct Path: Hashable, Sendable {
    /// One drawing step.
    public enum Element: Hashable, Sendable {
        case move(Point)
        case line(Point)
        case close
    }

    /// The steps in order.
    public private(set) var elements: [Element] = []

    public init() {}

    /// Starts a new sub-path at `point`.
    public mutating func move(to point: Point) { elements.append(.move(point)) }
    /// Adds a straight segment to `point`.
    public mutating func line(to point: Point) { elements.append(.line(point)) }
    /// Closes the current sub-path.
    public mutating func close() { elements.append(.close) }

    /// Adds a separate straight segment from `a` to `b`.
    public mutating func segment(from a: Point, to b: Point) {
        move(to: a)
        line(to: b)
    }

    /// A closed rectangle outline.
    public static func rectangle(_ rect: Rect) -> Path {
        var path = Path()
        path.move(to: Point(x: rect.minX, y: rect.minY))
        path.line(to: Point(x: rect.maxX, y: rect.minY))
        path.line(to: Point(x: rect.maxX, y: rect.maxY))
        path.line(to: Point(x: rect.minX, y: rect.maxY))
        path.close()
        return path
    }

    public var isEmpty: Bool { elements.isEmpty }
}
