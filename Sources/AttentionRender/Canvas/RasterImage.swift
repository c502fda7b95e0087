import AttentionText
/// A bitmap the canvas draws scaled with nearest-neighbour sampling, so every source pixel
/// stays one flat colour: how heatmap cells and colour bars are drawn.
///
/// Pixels are premultiplied `0xAARRGGBB` (Cairo's ARGB32), row-major from the top.
///
/// ```swift
/// var image = RasterImage(width: 2, height: 1)
/// image[0, 0] = RGB(red: 255, green: 255, blue: 204)
/// canvas.draw(image, in: Rect(x: 0, y: 0, width: 100, height: 50))
/// ```
public struct RasterImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Premultiplied ARGB32 pixels, `width * height`, 0 = transparent.
    public var pixels: [UInt32]

    /// A transparent image.
    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "RasterImage needs a positive size")
        self.width = width
        self.height = height
        self.pixels = [UInt32](repeating: 0, count: width * height)
    }

    /// The packed opaque pixel value of `color`.
    @inlinable
    public static func pack(_ color: RGB) -> UInt32 {
        0xFF00_0000 | UInt32(color.red) << 16 | UInt32(color.green) << 8 | UInt32(color.blue)
    }

    /// The opaque colour at column `x`, row `y`, or `nil` where transparent.
    public subscript(x: Int, y: Int) -> RGB? {
        get {
            let p = pixels[y * width + x]
            guard p >> 24 == 0xFF else { return nil }
            return RGB(red: UInt8(p >> 16 & 0xFF), green: UInt8(p >> 8 & 0xFF), blue: UInt8(p & 0xFF))
        }
        set { pixels[y * width + x] = newValue.map(Self.pack) ?? 0 }
    }
}
