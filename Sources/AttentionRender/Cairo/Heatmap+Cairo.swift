import AttentionText
import Foundation

/// A heatmap drawn to file bytes by the Cairo backend.
extension Heatmap {
    /// Computes the layout for `format` with `measurer` (Pango by default).
    public func layout(for format: ImageFormat, measurer: some TextMeasuring = PangoTextMeasurer()) throws(RenderError) -> HeatmapLayout {
        try layout(pixelsPerPoint: format.pixelsPerPoint, measurer: measurer)
    }

    /// Renders to PNG, SVG or PDF bytes.
    public func render(format: ImageFormat) throws(RenderError) -> Data {
        try renderWithLayout(format: format).data
    }

    /// Renders and also returns the layout (for its notes, and for tests).
    public func renderWithLayout(format: ImageFormat) throws(RenderError) -> (data: Data, layout: HeatmapLayout) {
        let canvas = try CairoCanvas(width: style.width * 72, height: style.height * 72, format: format)
        let layout = try self.layout(pixelsPerPoint: canvas.pixelsPerPoint, measurer: canvas)
        draw(layout, on: canvas)
        return (try canvas.finish(), layout)
    }
}
