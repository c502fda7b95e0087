import AttentionText
import CCairo
import Foundation

/// Collects the bytes Cairo streams out.
private final class ByteSink {
    var data = Data()
}

private let appendToSink: cairo_write_func_t = { closure, bytes, length in
    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.data.append(bytes, count: Int(length))
    return CAIRO_STATUS_SUCCESS
}

/// A `Canvas` drawing with Cairo and Pango into PNG, SVG or PDF bytes, which the caller writes
/// with `AtomicFile.write`. Not thread-safe; use each canvas from one thread.
///
/// ```swift
/// let canvas = try CairoCanvas(width: 300, height: 120, format: .pdf)
/// canvas.fill(Rect(x: 0, y: 0, width: 300, height: 120), color: .white)
/// canvas.draw(TextRun("武汉市长江大桥", style: TextStyle(size: 24)), at: Point(x: 150, y: 60),
///             anchor: TextAnchor(.center, .middle), rotation: 0, color: .black)
/// try AtomicFile.write(canvas.finish(), to: "out.pdf")
/// ```
public final class CairoCanvas: Canvas {
    /// Largest bitmap side in pixels, and largest pixel count, a PNG canvas accepts.
    public static let maximumPixelSide = 32_000
    public static let maximumPixelCount = 200_000_000

    public let size: Size
    public let format: ImageFormat

    /// `dpi / 72` for PNG, `nil` for SVG and PDF.
    public var pixelsPerPoint: Double? { format.pixelsPerPoint }
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private let sink = ByteSink()
    private let text = PangoText()
    private var finished = false

    /// A blank (transparent) page of `width x height` points.
    public init(width: Double, height: Double, format: ImageFormat) throws(RenderError) {
        guard width.isFinite, height.isFinite, width >= 1, height >= 1 else {
            throw .invalidOption("figure size \(width)x\(height) points is not positive")
        }
        self.size = Size(width: width, height: height)
        self.format = format
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let created: OpaquePointer?
        var scale = 1.0
        switch format {
        case .png(let dpi):
            guard dpi.isFinite, dpi > 0 else { throw .invalidOption("dpi \(dpi) is not positive") }
            scale = dpi / 72
            let w = (width * scale).rounded(.up), h = (height * scale).rounded(.up)
            guard w <= Double(Self.maximumPixelSide), h <= Double(Self.maximumPixelSide), w * h <= Double(Self.maximumPixelCount) else {
                throw .imageTooLarge(width: Int(w), height: Int(h), maximumSide: Self.maximumPixelSide, maximumMegapixels: Self.maximumPixelCount / 1_000_000)
            }
            created = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))
        case .svg:
            created = cairo_svg_surface_create_for_stream(appendToSink, closure, width, height)
        case .pdf:
            created = cairo_pdf_surface_create_for_stream(appendToSink, closure, width, height)
        }
        guard let created else { throw .cairo("cannot create surface") }
        let status = cairo_surface_status(created)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(created)
            throw .cairo(String(cString: cairo_status_to_string(status)))
        }
        surface = created
        cr = cairo_create(created)
        cairo_scale(cr, scale, scale)
    }

    deinit {
        cairo_destroy(cr)
        if !finished { cairo_surface_finish(surface) }
        cairo_surface_destroy(surface)
    }

    public func measure(_ run: TextRun) -> TextExtent { text.prepare(run) }

    public func fill(_ rect: Rect, color: RGBA) {
        guard color.alpha > 0 else { return }
        setSource(color)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    public func draw(_ image: RasterImage, in rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        guard let source = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height)) else { return }
        defer { cairo_surface_destroy(source) }
        guard cairo_surface_status(source) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(source) else { return }
        cairo_surface_flush(source)
        let stride = Int(cairo_image_surface_get_stride(source))
        let rowBytes: Int = image.width * 4
        let target = UnsafeMutableRawPointer(data)
        image.pixels.withUnsafeBytes { (pixels: UnsafeRawBufferPointer) in
            guard let base = pixels.baseAddress else { return }
            for row in 0..<image.height {
                let from: UnsafeRawPointer = base + row * rowBytes
                (target + row * stride).copyMemory(from: from, byteCount: rowBytes)
            }
        }
        cairo_surface_mark_dirty(source)
        cairo_save(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(cr, source, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(image.width), Double(image.height))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    public func draw(_ run: TextRun, at point: Point, anchor: TextAnchor, rotation: Double, color: RGBA) {
        guard color.alpha > 0, !run.text.isEmpty else { return }
        let extent = text.prepare(run)
        let origin = anchor.origin(for: extent)
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        if rotation != 0 { cairo_rotate(cr, -rotation * Double.pi / 180) }
        cairo_move_to(cr, origin.x, origin.y)
        setSource(color)
        pango_cairo_show_layout(cr, text.layout)
        cairo_restore(cr)
    }

    public func stroke(_ path: Path, color: RGBA, width: Double) {
        guard color.alpha > 0, width > 0, !path.isEmpty else { return }
        cairo_new_path(cr)
        for element in path.elements {
            switch element {
            case .move(let p): cairo_move_to(cr, p.x, p.y)
            case .line(let p): cairo_line_to(cr, p.x, p.y)
            case .close: cairo_close_path(cr)
            }
        }
        setSource(color)
        cairo_set_line_width(cr, width)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        cairo_stroke(cr)
    }

    /// Ends drawing and returns the encoded file. Call once.
    public func finish() throws(RenderError) -> Data {
        guard !finished else { throw .cairo("canvas already finished") }
        finished = true
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        switch format {
        case .png:
            cairo_surface_flush(surface)
            let status = cairo_surface_write_to_png_stream(surface, appendToSink, closure)
            guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
            cairo_surface_finish(surface)
        case .svg, .pdf:
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            guard status == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(status))) }
        }
        return sink.data
    }

    private func setSource(_ color: RGBA) {
        let c = color.rgb.components
        if color.alpha >= 1 {
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
        } else {
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, color.alpha)
        }
    }
}
