import Foundation
import Testing
import TestSupport

/// Runs started from the serve page in real headless Chromium (`Tests/Browser/page_run_check.py`,
/// #13 item 3): `attnviz serve --model llama-tiny --dense-max-tokens 8` opens its example
/// sentence as run r1 (tiles asked of the server, status with tokens, shape and "computed by the
/// server as you look"), a short text dense, the latest of two quick requests wins, a long text a
/// new run, an uploaded `--keep qk` file run u1. Zero console errors, no request to another origin.
@Suite(.hangGuard) struct PageRunBrowserTests {
    /// A missing chromium, chromedriver, venv or selenium fails under `make test` and is a named
    /// skip under a bare `swift test`.
    @Test func longTextsAndFactoredUploadsOpenAsServedRuns() throws {
        _ = try RequiredTool.venvPython()
        _ = try BrowserScript.chromium()
        _ = try BrowserScript.chromedriver()
        let model = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/llama-tiny")
        let upload = PackageRoot.path("Tests/AttentionFormatsTests/Fixtures/factored/causal-gqa.safetensors")
        let serve = try ServeProcess.start(["--model", model, "--dense-max-tokens", "8"])
        var arguments = [serve.baseURL.absoluteString, "--upload", upload]
        if let shots = ProcessInfo.processInfo.environment["ATTNVIZ_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        let check: BoundedProcess.Result
        do {
            check = try BrowserScript.run(PackageRoot.path("Tests/Browser/page_run_check.py"), arguments, timeout: 300)
        } catch {
            _ = try? serve.stop()
            throw error
        }
        let output = check.stdoutText + check.stderr
        let log = serve.log
        let exit = try serve.stop()
        #expect(check.status == 0, "\(output)\n--- server log ---\n\(log)")
        #expect(output.contains("all page run browser checks passed"), "\(output)")
        #expect(exit == 0)
    }
}
