import Foundation

/// Runs a child process with a deadline: output goes to files (no pipe can fill and block the
/// child, no read can block the test), and a child still running at the deadline is killed and
/// reported. Every test that starts a process goes through this (or a wrapper of it).
///
/// ```swift
/// let r = try BoundedProcess.run("/usr/bin/pdftoppm", ["-png", pdf, prefix], timeout: 60)
/// #expect(r.status == 0, "\(r.stderr)")
/// ```
public enum BoundedProcess {
    /// What a finished (or killed) child left behind.
    public struct Result: Sendable {
        /// Exit status; -1 when the harness killed it at the deadline.
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        /// Whether the deadline passed and the child was killed.
        public var timedOut: Bool
        /// Standard output as UTF-8 text.
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The default deadline for a helper tool (python cross-check, pdftoppm, chromium): generous
    /// for a loaded 2-core machine, short enough that a hang fails the suite instead of stalling it.
    public static let defaultTimeout: TimeInterval = 300

    /// Runs `executable` with `arguments` (extra `environment` merged in, optional working
    /// `directory` and `stdin` bytes) and waits at most `timeout` seconds.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        in directory: URL? = nil, stdin: Data? = nil, timeout: TimeInterval = defaultTimeout
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: stdin ?? Data())
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle
        try process.run()
        try? outHandle.close()
        try? errHandle.close()
        try? inHandle.close()
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        var timedOut = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            timedOut = true
        }
        process.waitUntilExit()
        var stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        if timedOut {
            stderr += "[test harness: \((executable as NSString).lastPathComponent) \(arguments.prefix(2).joined(separator: " ")) killed after \(Int(timeout)) s]\n"
        }
        return Result(
            status: timedOut ? -1 : process.terminationStatus,
            stdout: (try? Data(contentsOf: outURL)) ?? Data(), stderr: stderr, timedOut: timedOut)
    }
}
