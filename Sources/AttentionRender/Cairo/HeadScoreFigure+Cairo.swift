import AttentionText
import Foundation

/// Head-score panels drawn to file bytes by the Cairo backend.
extension HeadScoreFigure {
    /// Renders to PNG, SVG or PDF bytes.
    public func render(format: ImageFormat) throws(RenderError) -> Data {
        let canvas = try CairoCanvas(width: size.width, height: size.height, format: format)
        try draw(on: canvas)
        return try canvas.finish()
    }
}
