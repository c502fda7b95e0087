import Foundation
import Testing
import TestSupport

/// The explorer's matrix, aggregate and model views (#17 items 2, 4, 5, 6) in headless chromium
/// (Tests/Browser/matrix_view_check.py) on pages `attnviz run --explore` writes from MiniLM (24
/// tokens, a sentence pair, 311 tokens) and `attnviz explore` writes from a synthetic 2,048-token
/// NumPy tensor: zoom and pan keep cells in view and off the colour bar, the hovered cell is
/// ringed, the log and sink scales colour cells as NumPy's values say, the pair boundary is drawn
/// at sentence B's row and column, the model view previews and locks, and the dark theme is magma.
@Suite(.hangGuard) struct MatrixViewBrowserTests {
    @Test func matrixModelAndAggregateViewsInChromium() throws {
        let model = try RequiredModel.miniLM.require()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var arguments = [AttnvizProcess.binary.path, model, dir.path]
        if let shots = ProcessInfo.processInfo.environment["ATTNVIZ_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        let result = try BrowserScript.run(
            AttnvizProcess.packageRoot.appendingPathComponent("Tests/Browser/matrix_view_check.py").path, arguments, timeout: 420)
        let text = result.stdoutText + result.stderr
        #expect(result.status == 0, "matrix view checks failed:\n\(text)")
        #expect(text.contains("all matrix view checks passed"))
        for page in ["minilm-24", "minilm-pair", "minilm-311", "synthetic-2048"] {
            #expect(text.contains("ok   \(page): zero console errors"), "\(page) was not checked to the end")
        }
        #expect(text.contains("minilm-pair: matrix view: teal line where sentence B starts"))
        #expect(text.contains("minilm-311: sink scale colours"))
    }
}
