import Attention
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// Writes PNG and PDF text heat, drawn through the Cairo canvas.
enum TextHeatImageOutput {
    static func write(_ heat: TextHeat, to path: String, title: String, paint: HeatPaint, legend: Bool) throws {
        guard let format = ImageFormat.forPath(path, dpi: 144) else {
            throw CLIFailure("\(path): unknown image type; use .png or .pdf")
        }
        let options = TextHeatFigure.Options(title: title, paint: paint, legend: legend)
        let data: Data
        do { data = try TextHeatFigure.render(heat, options: options, format: format) } catch {
            throw CLIFailure("\(path): \(error.userMessage)")
        }
        try AtomicFile.write(data, to: path)
    }
}
