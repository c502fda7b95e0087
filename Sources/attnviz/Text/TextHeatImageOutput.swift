import Attention
import AttentionRender

/// PNG and PDF text heat, drawn through the Cairo canvas.
enum TextHeatImageOutput {
    static func write(_ heat: TextHeat, to path: String, title: String, paint: HeatPaint, legend: Bool) throws {
        throw CLIFailure("\(path): PNG/PDF text heat is not available yet in this build; use .html or .tex")
    }
}
