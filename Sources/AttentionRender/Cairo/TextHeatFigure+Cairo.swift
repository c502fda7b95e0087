import Attention
import AttentionText
import Foundation

/// A text-heat figure drawn to file bytes by the Cairo backend.
extension TextHeatFigure {
    /// Lays out and draws `heat` into PNG, SVG or PDF bytes.
    public static func render(_ heat: TextHeat, options: Options = Options(), format: ImageFormat) throws(RenderError) -> Data {
        let figure = TextHeatFigure(heat, options: options, measurer: PangoTextMeasurer())
        let canvas = try CairoCanvas(width: figure.size.width, height: figure.size.height, format: format)
        figure.draw(on: canvas)
        return try canvas.finish()
    }
}
