import Foundation
import Testing
import TestSupport

/// Runs kept as queries and keys at 2,000 tokens in real headless Chromium
/// (`Tests/Browser/remote_run_check.py`, #13 items 3–5): the script writes the run with NumPy,
/// starts `attnviz serve --file` on it and checks the deep-zoom matrix (pooled levels and exact
/// cells against NumPy's pixels and tooltips within 1e-5, the Pool control, the minimap), model
/// thumbnails, the long text view and its minimap, the head view's top targets; then a page made
/// with `explore --max-size` (within budget, exact full-resolution head, overview and top-k heads
/// as NumPy's, no network request) and a dense 2,000-token page's text view. Zero console errors.
@Suite(.hangGuard) struct RemoteRunBrowserTests {
    /// A missing chromium, chromedriver, venv, selenium or safetensors fails under `make test`
    /// and is a named skip under a bare `swift test`.
    @Test func deepZoomAndBudgetPagesInHeadlessChromium() throws {
        _ = try BrowserScript.chromium()
        let directory = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = [AttnvizProcess.binary.path, directory.path]
        if let shots = ProcessInfo.processInfo.environment["ATTNVIZ_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        let check = try BrowserScript.run(PackageRoot.path("Tests/Browser/remote_run_check.py"), arguments, timeout: 540)
        let output = check.stdoutText + check.stderr
        #expect(check.status == 0, "\(output)")
        #expect(output.contains("all remote run checks passed"), "\(output)")
        #expect(output.contains("zoomed in on a top-k head"), "\(output)")
    }
}
