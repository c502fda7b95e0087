import Foundation

/// A point in points (1/72 inch), y growing downwards as on a page.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A width and height in points.
public struct Size: Hashable, Sendable {
    public var width: Double
    public var height: Double
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }
}

/// An axis-aligned rectangle in points.
///
/// ```swift
/// let cell = Rect(x: 10, y: 20, width: 5, height: 5)
/// cell.center            // Point(x: 12.5, y: 22.5)
/// cell.intersects(Rect(x: 14, y: 24, width: 2, height: 2))   // true
/// ```
public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var minX: Double { x }
    public var minY: Double { y }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    /// Whether the interiors overlap (touching edges do not count).
    public func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// Whether `other` lies entirely inside (edges may touch), allowing `tolerance` points.
    public func contains(_ other: Rect, tolerance: Double = 1e-6) -> Bool {
        other.minX >= minX - tolerance && other.maxX <= maxX + tolerance
            && other.minY >= minY - tolerance && other.maxY <= maxY + tolerance
    }

    /// The smallest rectangle containing both.
    public func union(_ other: Rect) -> Rect {
        let x0 = Swift.min(minX, other.minX), y0 = Swift.min(minY, other.minY)
        return Rect(x: x0, y: y0, width: Swift.max(maxX, other.maxX) - x0, height: Swift.max(maxY, other.maxY) - y0)
    }

    /// The rectangle grown by `amount` on every side (shrunk when negative).
    public func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}

/// A possibly rotated rectangle given by its four corners in order: the box a rotated text
/// run occupies. Overlap uses the separating axis theorem, so two 45° labels that merely have
/// overlapping bounding boxes do not count as colliding.
///
/// ```swift
/// let a = Quad(rect: Rect(x: 0, y: 0, width: 10, height: 2))
/// a.intersects(Quad(rect: Rect(x: 9, y: 1, width: 3, height: 3)))   // true
/// ```
public struct Quad: Hashable, Sendable {
    /// The corners, in drawing order.
    public var corners: [Point]

    /// A quad with the given four corners.
    public init(corners: [Point]) {
        precondition(corners.count == 4, "Quad needs four corners")
        self.corners = corners
    }

    /// The corners of an axis-aligned rectangle.
    public init(rect: Rect) {
        self.init(corners: [Point(x: rect.minX, y: rect.minY), Point(x: rect.maxX, y: rect.minY),
                            Point(x: rect.maxX, y: rect.maxY), Point(x: rect.minX, y: rect.maxY)])
    }

    /// The axis-aligned bounding box.
    public var bounds: Rect {
        let xs = corners.map(\.x), ys = corners.map(\.y)
        let x0 = xs.min() ?? 0, y0 = ys.min() ?? 0
        return Rect(x: x0, y: y0, width: (xs.max() ?? 0) - x0, height: (ys.max() ?? 0) - y0)
    }

    /// Whether the interiors overlap by more than `tolerance` points along every axis.
    public func intersects(_ other: Quad, tolerance: Double = 1e-6) -> Bool {
        for quad in [self, other] {
            for i in 0..<4 {
                let a = quad.corners[i], b = quad.corners[(i + 1) % 4]
                let length = hypot(b.x - a.x, b.y - a.y)
                guard length > 0 else { continue }
                let axis = Point(x: -(b.y - a.y) / length, y: (b.x - a.x) / length)
                let p1 = corners.map { $0.x * axis.x + $0.y * axis.y }
                let p2 = other.corners.map { $0.x * axis.x + $0.y * axis.y }
                if (p1.max() ?? 0) <= (p2.min() ?? 0) + tolerance || (p2.max() ?? 0) <= (p1.min() ?? 0) + tolerance {
                    return false
                }
            }
        }
        return true
    }
}
