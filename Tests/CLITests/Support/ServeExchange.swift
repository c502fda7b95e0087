import Foundation
import Testing
import TestSupport

/// Raw HTTP/1.1 exchanges with a running `attnviz serve` (through ``RawConnection``), for the
/// tests that need exact sizes, stalled bodies or many connections at once.
///
/// ```swift
/// let reply = try await ServeExchange.upload(port: serve.port, name: "a.json", body: bytes)
/// #expect(reply.status == 413)
/// ```
enum ServeExchange {
    /// One parsed answer.
    struct Reply {
        var status: Int
        var head: String
        var body: String
        /// The `error.message` of a JSON error body, or "".
        var message: String {
            guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                  let error = object["error"] as? [String: Any] else { return "" }
            return error["message"] as? String ?? ""
        }
        /// Value of header `name` (case-insensitive), or nil.
        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 && parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    /// Parses what a connection received ("" when nothing came: status 0).
    static func parse(_ text: String) -> Reply {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Reply(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// The request head of a POST with `Content-Length: length`.
    static func postHead(_ target: String, contentType: String, length: Int) -> String {
        "POST \(target) HTTP/1.1\r\nHost: localhost\r\nContent-Type: \(contentType)\r\nContent-Length: \(length)\r\n\r\n"
    }

    /// Sends a whole POST on a fresh connection and reads the answer.
    static func post(port: Int, _ target: String, contentType: String, body: [UInt8], within seconds: Double = 120) async throws -> Reply {
        let connection = try RawConnection(port: port)
        defer { connection.shut() }
        connection.send(postHead(target, contentType: contentType, length: body.count))
        // The server may answer (413) and close before taking the body; read what it said.
        _ = await connection.send(large: body)
        return parse(await connection.receiveResponse(within: seconds))
    }

    /// `POST /api/upload?name=NAME`.
    static func upload(port: Int, name: String, body: [UInt8]) async throws -> Reply {
        try await post(port: port, "/api/upload?name=\(name)", contentType: "application/octet-stream", body: body)
    }

    /// `POST /api/attention` with `json` as body.
    static func attention(port: Int, json: [UInt8], within seconds: Double = 120) async throws -> Reply {
        try await post(port: port, "/api/attention", contentType: "application/json", body: json, within: seconds)
    }

    /// `GET path` on a fresh connection.
    static func get(port: Int, _ path: String) async throws -> Reply {
        let connection = try RawConnection(port: port)
        defer { connection.shut() }
        connection.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        return parse(await connection.receiveResponse(within: 30))
    }

    /// `GET /healthz` decoded.
    static func health(port: Int) async throws -> [String: Any] {
        let reply = try await get(port: port, "/healthz")
        return (try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]) ?? [:]
    }

    /// MiniLM's folder (RequiredModel: `scripts/fetch-model --cached`, never a download), or a
    /// failure (make test) / named skip (bare swift test) saying `why`.
    static func requireMiniLM(why: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        if let path = RequiredModel.miniLM.path { return path }
        try RequiredTool.missing(
            "the \(RequiredModel.miniLM) model is not fetched (run scripts/fetch-model): \(why)",
            sourceLocation: sourceLocation)
    }

    /// A small valid attention JSON padded with spaces to exactly `size` bytes.
    static func paddedJSON(size: Int) -> [UInt8] {
        let json = Array(#"{"tokens": ["a", "b"], "attention": [[0.5, 0.5], [0.2, 0.8]]}"#.utf8)
        return json + [UInt8](repeating: 0x20, count: size - json.count)
    }
}

extension ServeProcess {
    /// The port it bound.
    var port: Int { baseURL.port ?? 0 }
}

extension ServeProcess {
    /// Sends `signal` without waiting.
    func send(signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits up to `timeout` seconds for the process to exit; its exit status, or nil if it is
    /// still running.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// The `uploads=PATH` metadata of the "listening" log line.
    var uploadDirectory: String? {
        guard let range = log.range(of: #"uploads=[^ \]\n]+"#, options: .regularExpression) else { return nil }
        return String(log[range].dropFirst("uploads=".count))
    }
}
