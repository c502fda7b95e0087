import Foundation
import TestSupport

/// Runs the built `attnviz` binary (`.build/debug/attnviz`, built by `make test` before
/// `swift test`) and captures its exit status and output.
///
/// ```swift
/// let result = try AttnvizProcess.run(["info", "attn.npy"])
/// #expect(result.status == 0)
/// ```
struct AttnvizProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root.
    static let packageRoot: URL = PackageRoot.url

    /// The binary under test; `ATTNVIZ_BIN` overrides it.
    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["ATTNVIZ_BIN"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.appendingPathComponent(".build/debug/attnviz")
    }

    /// Longest a single run may take before it is killed and reported (hostile inputs must not
    /// hang the suite; the slowest legitimate run, a model at 512 tokens in a debug build, takes
    /// seconds).
    static let defaultTimeout: TimeInterval = 180

    /// Runs `attnviz` with `arguments`, optional extra environment and working directory. Output
    /// goes to files (no pipe can fill and block the child); a run still going after `timeout`
    /// seconds is killed and comes back with status -1 and the reason appended to its stderr.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
        timeout: TimeInterval = defaultTimeout
    ) throws -> Result {
        try run(executable: binary, arguments: arguments, environment: environment, in: directory, timeout: timeout)
    }

    /// Runs `executable` with `arguments` the same way (TestSupport's BoundedProcess).
    static func run(
        executable: URL, arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
        timeout: TimeInterval = defaultTimeout
    ) throws -> Result {
        let result = try BoundedProcess.run(
            executable.path, arguments, environment: environment, in: directory, timeout: timeout)
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderr)
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
