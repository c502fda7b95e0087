import Foundation
import Testing
import TestSupport

/// `attnviz serve --model MiniLM` in real headless Chromium (Tests/Browser/serve_check.py): the
/// example sentence shown on load under a compact form, type a sentence and the explorer's head
/// view draws with the tokenizer's tokens, a sentence pair by Ctrl+Enter from either box, a
/// refused input dims the previous result, [UNK]'s tooltip names its text, the dark theme covers
/// the form, an upload through the file picker; and `attnviz serve` without a model opens on the
/// drop zone alone. Zero console errors, no request to another origin.
@Suite(.serialized, .hangGuard) struct ServeBrowserTests {
    /// A missing model, chromium, chromedriver, venv or selenium fails under `make test` and is a
    /// named skip under a bare `swift test` (TestSupport's RequiredModel and BrowserScript).
    @Test func typeASentenceAndSeeTheHeadView() async throws {
        let model = try RequiredModel.miniLM.require()
        _ = try RequiredTool.venvPython()
        _ = try BrowserScript.chromium()
        _ = try BrowserScript.chromedriver()
        let directory = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let upload = directory.appendingPathComponent("gperes.json")
        let document = #"{"tokens": ["武", "汉", "</script>"], "attention": [[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]}"#
        try Data(document.utf8).write(to: upload)

        let serve = try ServeProcess.start(["--model", model])
        let empty: ServeProcess
        do { empty = try ServeProcess.start([]) } catch { _ = try? serve.stop(); throw error }
        var arguments = [serve.baseURL.absoluteString, "--model", model, "--upload", upload.path, "--empty-url", empty.baseURL.absoluteString]
        if let shots = ProcessInfo.processInfo.environment["ATTNVIZ_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        let check: BoundedProcess.Result
        do {
            check = try BrowserScript.run(PackageRoot.path("Tests/Browser/serve_check.py"), arguments)
        } catch {
            _ = try? serve.stop()
            _ = try? empty.stop()
            throw error
        }
        let text = check.stdoutText + check.stderr
        let log = serve.log
        let exit = try serve.stop()
        let emptyExit = try empty.stop()
        #expect(check.status == 0, "\(text)\n--- server log ---\n\(log)")
        #expect(text.contains("all serve browser checks passed"), "\(text)")
        #expect(exit == 0)
        #expect(emptyExit == 0)
    }
}
