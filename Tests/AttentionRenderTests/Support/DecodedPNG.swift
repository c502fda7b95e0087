import CCairo
import Foundation

/// A PNG decoded by Cairo's own reader (libpng), for pixel assertions.
struct DecodedPNG {
    let width: Int
    let height: Int
    /// Unpremultiplied RGBA per pixel.
    private let argb: [UInt32]

    init(_ data: Data) throws {
        final class Source { var data: Data; var offset = 0; init(_ d: Data) { data = d } }
        let source = Source(data)
        let read: cairo_read_func_t = { closure, buffer, length in
            guard let closure, let buffer else { return CAIRO_STATUS_READ_ERROR }
            let s = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
            let n = Int(length)
            guard s.offset + n <= s.data.count else { return CAIRO_STATUS_READ_ERROR }
            s.data.copyBytes(to: buffer, from: s.offset..<(s.offset + n))
            s.offset += n
            return CAIRO_STATUS_SUCCESS
        }
        let surface = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            struct NotPNG: Error {}
            throw NotPNG()
        }
        defer { cairo_surface_destroy(surface) }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let format = cairo_image_surface_get_format(surface)
        let base = UnsafeRawPointer(cairo_image_surface_get_data(surface)!)
        var pixels = [UInt32](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                var p = base.load(fromByteOffset: y * stride + x * 4, as: UInt32.self)
                if format == CAIRO_FORMAT_RGB24 { p |= 0xFF00_0000 }
                pixels[y * width + x] = p
            }
        }
        argb = pixels
    }

    /// (r, g, b, a) at a pixel, unpremultiplied.
    func rgba(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let p = argb[y * width + x]
        let a = UInt8(p >> 24)
        func un(_ c: UInt32) -> UInt8 { a == 0 ? 0 : UInt8(min(255, (c * 255 + UInt32(a) / 2) / UInt32(a))) }
        return (un(p >> 16 & 0xFF), un(p >> 8 & 0xFF), un(p & 0xFF), a)
    }

    /// `#rrggbb` of an opaque pixel, or `nil` for a (partly) transparent one.
    func hex(_ x: Int, _ y: Int) -> String? {
        let c = rgba(x, y)
        guard c.a == 255 else { return nil }
        return String(format: "#%02x%02x%02x", c.r, c.g, c.b)
    }
}
