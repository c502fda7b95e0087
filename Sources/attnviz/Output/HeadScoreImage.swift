import Attention
import AttentionFormats
import AttentionRender
import AttentionText

/// `attnviz heads -o` and `attnviz stats -o`: every score as a layers × heads heatmap panel, one
/// page (PNG, SVG or PDF).
enum HeadScoreImage {
    /// Fails before any work when `path` is not .png, .svg or .pdf.
    static func check(_ path: String?) throws {
        if let path, ImageFormat.forPath(path) == nil {
            throw CLIFailure("\(path): unknown output type; use .png, .svg or .pdf")
        }
    }

    /// Draws `table` to `path` atomically.
    static func write(_ table: HeadScoreTable, to path: String) throws {
        guard let format = ImageFormat.forPath(path, dpi: 144) else { throw CLIFailure("\(path): unknown output type") }
        do {
            try AtomicFile.write(HeadScoreFigure(table: table).render(format: format), to: path)
        } catch let error as RenderError {
            throw CLIFailure("\(path): \(error.userMessage)")
        }
    }
}
