import Foundation
import Testing

/// Runs a selenium script (Tests/Browser/*.py, scripts/test/text_heat_pixels.py) in headless
/// Chromium with the test venv's Python, under the ``RequiredTool`` policy: Chromium,
/// chromedriver and the venv are looked up first, and a script that exits with
/// ``missingToolStatus`` (selenium or another module missing; see Tests/Browser/browser_support.py)
/// is a missing tool too, never a pass.
///
/// ```swift
/// let r = try BrowserScript.run(PackageRoot.path("Tests/Browser/explorer_check.py"), [directory.path])
/// #expect(r.status == 0, "\(r.stdoutText)\(r.stderr)")
/// ```
public enum BrowserScript {
    /// The exit status a browser script uses for "a tool or module is missing" (not a check failure).
    public static let missingToolStatus: Int32 = 3

    /// Chromium (`$CHROMIUM`, then `PATH`, then the macOS application bundles), or a fail/skip.
    public static func chromium(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let environment = ProcessInfo.processInfo.environment["CHROMIUM"]
        let found = environment.flatMap { RequiredTool.firstExecutable([$0]) }
            ?? ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(RequiredTool.onPath).first
            ?? RequiredTool.firstExecutable([
                "/Applications/Chromium.app/Contents/MacOS/Chromium",
                "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            ])
        return try RequiredTool.require(
            found, "chromium", why: "the headless-browser checks",
            install: "apt-get install chromium chromium-driver, or brew install --cask chromium",
            sourceLocation: sourceLocation)
    }

    /// chromedriver (`$CHROMEDRIVER`, then `PATH`), or a fail/skip.
    public static func chromedriver(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let environment = ProcessInfo.processInfo.environment["CHROMEDRIVER"]
        let found = environment.flatMap { RequiredTool.firstExecutable([$0]) } ?? RequiredTool.onPath("chromedriver")
        return try RequiredTool.require(
            found, "chromedriver", why: "selenium drives chromium through it",
            install: "apt-get install chromium-driver, or brew install --cask chromedriver",
            sourceLocation: sourceLocation)
    }

    /// Runs `script` with `arguments` in the venv's Python, `CHROMIUM`/`CHROMEDRIVER` set to the
    /// tools found, within `timeout` seconds.
    public static func run(
        _ script: String, _ arguments: [String], timeout: TimeInterval = 600,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> BoundedProcess.Result {
        let python = try RequiredTool.venvPython(sourceLocation: sourceLocation)
        let chromium = try chromium(sourceLocation: sourceLocation)
        let chromedriver = try chromedriver(sourceLocation: sourceLocation)
        let result = try BoundedProcess.run(
            python, [script] + arguments,
            environment: ["CHROMIUM": chromium, "CHROMEDRIVER": chromedriver, "SE_AVOID_STATS": "true",
                          "PYTHONDONTWRITEBYTECODE": "1"],
            timeout: timeout)
        if result.status == missingToolStatus {
            let said = (result.stderr + result.stdoutText).split(separator: "\n").last { $0.contains("missing") }
            try RequiredTool.missing(
                said.map(String.init) ?? "\((script as NSString).lastPathComponent) reported a missing tool",
                sourceLocation: sourceLocation)
        }
        return result
    }
}
