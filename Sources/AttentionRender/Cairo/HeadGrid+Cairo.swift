import AttentionText
import Foundation

/// A head grid drawn to file bytes by the Cairo backend.
extension HeadGrid {
    /// Renders to PNG, SVG or PDF bytes.
    public func render(format: ImageFormat) throws(RenderError) -> Data {
        let canvas = try CairoCanvas(width: style.width * 72, height: style.height * 72, format: format)
        let layout = try self.layout(measurer: canvas)
        try draw(layout, on: canvas)
        return try canvas.finish()
    }
}
