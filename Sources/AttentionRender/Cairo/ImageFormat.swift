import Foundation

/// The file formats a `CairoCanvas` produces.
public enum ImageFormat: Hashable, Sendable {
    /// A bitmap at `dpi` pixels per inch (72 dpi = one pixel per point).
    case png(dpi: Double)
    /// Scalable vector graphics; rasters are embedded as PNG.
    case svg
    /// PDF; text stays text with embedded font subsets.
    case pdf

    /// The format for a file name's extension (`.png`, `.svg`, `.pdf`, any case), or `nil`.
    public static func forPath(_ path: String, dpi: Double = 100) -> ImageFormat? {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return .png(dpi: dpi)
        case "svg": return .svg
        case "pdf": return .pdf
        default: return nil
        }
    }

    /// Whether the output is vector (SVG, PDF).
    public var isVector: Bool {
        if case .png = self { return false }
        return true
    }

    /// Device pixels per point: `dpi / 72` for PNG, `nil` for SVG and PDF (what
    /// ``CairoCanvas/pixelsPerPoint`` answers for a canvas of this format).
    public var pixelsPerPoint: Double? {
        if case .png(let dpi) = self { return dpi / 72 }
        return nil
    }
}
