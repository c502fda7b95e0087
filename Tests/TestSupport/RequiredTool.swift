import Foundation
import Testing

/// The suite's one policy for external tools (python3 with NumPy, chromium, pdftoppm, pdflatex, ...)
/// that independent cross-checks need.
///
/// Under `make test` the environment sets `ATTNVIZ_REQUIRE_TOOLS=1`, and a missing tool **fails**
/// the test that needs it: the suite never passes while checking less than it says. A bare
/// `swift test` without that switch cancels the test instead, which swift-testing reports as a
/// visible, named skip (`➜ Test x() was cancelled: "pdftoppm is not installed ..."`), never as a
/// silent pass.
public enum RequiredTool {
    /// Whether a missing tool fails the test (`ATTNVIZ_REQUIRE_TOOLS=1`, set by `make test`).
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["ATTNVIZ_REQUIRE_TOOLS"] == "1"
    }

    /// The first executable named `name` on `PATH`, or `nil`.
    public static func onPath(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The first of `candidates` that is an executable file, or `nil`.
    public static func firstExecutable(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `path` if the tool was found; otherwise fails the test (under `make test`) or cancels it as a
    /// named skip (bare `swift test`). `why` says what the tool checks, `install` how to get it.
    public static func require(
        _ path: String?, _ name: String, why: String, install: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        if let path { return path }
        try missing("\(name) is not installed (\(install)): \(why)", sourceLocation: sourceLocation)
    }

    /// Fails or skips the running test because a prerequisite is missing (see the type's doc).
    public static func missing(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Never {
        if isRequired {
            Issue.record(Comment(rawValue: message + " — required under make test (ATTNVIZ_REQUIRE_TOOLS=1)"),
                         sourceLocation: sourceLocation)
            throw MissingTool(message: message)
        }
        try Test.cancel(Comment(rawValue: "skipped: " + message), sourceLocation: sourceLocation)
    }

    /// The venv Python with NumPy, torch, transformers (`scripts/setup --test`), or a fail/skip.
    public static func venvPython(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let venv = ProcessInfo.processInfo.environment["ATTNVIZ_VENV"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attnviz/venv").path
        let python = venv + "/bin/python"
        return try require(
            FileManager.default.isExecutableFile(atPath: python) ? python : nil, "the test venv (\(python))",
            why: "NumPy/PyTorch cross-checks", install: "scripts/setup --test", sourceLocation: sourceLocation)
    }

    /// The system `python3` for checks that need only its standard library (zlib, the asset
    /// generator), or a fail/skip.
    public static func python3(why: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try require(onPath("python3"), "python3", why: why,
                    install: "apt-get install python3, or brew install python", sourceLocation: sourceLocation)
    }

    /// Thrown after recording the failure, so the test stops where the tool was needed.
    public struct MissingTool: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
