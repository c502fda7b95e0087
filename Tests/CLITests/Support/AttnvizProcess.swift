import Foundation

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

    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

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

    /// Runs `executable` with `arguments` the same way.
    static func run(
        executable: URL, arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
        timeout: TimeInterval = defaultTimeout
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        try? outHandle.close()
        try? errHandle.close()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        var timedOut = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            timedOut = true
        }
        process.waitUntilExit()
        var stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        if timedOut { stderr += "[test harness: \(executable.lastPathComponent) \(arguments.prefix(2).joined(separator: " ")) killed after \(Int(timeout)) s]\n" }
        return Result(
            status: timedOut ? -1 : process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: stderr)
    }

    /// The path `scripts/fetch-model [name]` prints (it downloads the model when missing).
    static func fetchModel(_ name: String? = nil) -> String {
        let result = try? run(executable: packageRoot.appendingPathComponent("scripts/fetch-model"), arguments: name.map { [$0] } ?? [])
        return (result?.stdout ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
