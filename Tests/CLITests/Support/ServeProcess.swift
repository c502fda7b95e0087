import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A running `attnviz serve --port 0 ...`: waits for its "http://HOST:PORT/" line, talks to it,
/// and stops it with a signal.
///
/// ```swift
/// let serve = try ServeProcess.start(["--host", "127.0.0.1"])
/// let (status, body) = try await serve.get("/healthz")
/// let exit = try serve.stop(signal: SIGTERM)
/// ```
final class ServeProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let process: Process
    let baseURL: URL
    private let stderrFile: URL

    private init(process: Process, baseURL: URL, stderrFile: URL) {
        self.process = process
        self.baseURL = baseURL
        self.stderrFile = stderrFile
    }

    /// Starts the binary with `serve --port 0` plus `arguments` and waits up to `timeout`
    /// seconds for it to print its URL.
    static func start(_ arguments: [String], timeout: TimeInterval = 60) throws -> ServeProcess {
        let process = Process()
        process.executableURL = AttnvizProcess.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        // stdout goes to a file polled with a deadline: a blocking pipe read could outlive it.
        let stdoutFile = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-serve-\(UUID().uuidString).out")
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stdoutFile) }
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        let deadline = Date(timeIntervalSinceNow: timeout)
        var seen = ""
        while Date() < deadline {
            seen = (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
            if let range = seen.range(of: #"http://[^ ]+/"#, options: .regularExpression),
               let url = URL(string: String(seen[range])) {
                return ServeProcess(process: process, baseURL: url, stderrFile: stderrFile)
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        // SIGKILL: a server that ignores SIGTERM must not turn this wait into a hang.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        throw Failure(description: "serve did not print its URL (status \(process.terminationStatus)): \(seen) \(log)")
    }

    /// What the server wrote to stderr so far (its log).
    var log: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// `GET path`; returns the status and body.
    func get(_ path: String) async throws -> (Int, Data) {
        try await send(URLRequest(url: baseURL.appendingPathComponent(path)))
    }

    /// `POST path` with a JSON body.
    func postJSON(_ path: String, _ json: String) async throws -> (Int, Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        return try await send(request)
    }

    private func send(_ request: URLRequest) async throws -> (Int, Data) {
        var request = request
        request.timeoutInterval = 60
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, data)
    }

    /// Sends `signal` and waits up to `timeout` seconds for the exit; returns the exit status.
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 20) throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "serve did not exit within \(timeout) s of signal \(signal)")
        }
        try? FileManager.default.removeItem(at: stderrFile)
        return process.terminationStatus
    }
}
