import Foundation
import Testing
import TestSupport

/// README: "Ctrl-C or SIGTERM stops it cleanly: in-flight requests finish, workers stop, the
/// upload directory is deleted." Checked with a request provably in flight when the signal
/// arrives: an upload and a model run that `/healthz` reports running on a worker.
@Suite(.serialized, .hangGuard) struct ServeShutdownInFlightTests {
    /// Polls `/healthz` until a request is running on a worker; whether one was seen.
    static func waitUntilRunning(port: Int, within seconds: Double) async throws -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline {
            let queue = try await ServeExchange.health(port: port)["queue"] as? [String: Any]
            if queue?["running"] as? Int == 1 { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// A 16 MiB `.npy` upload takes a worker about a second to parse and encode: the signal
    /// arrives while `/healthz` reports it running.
    @Test(arguments: [SIGTERM, SIGINT])
    func uploadBeingParsedCompletesAfterTheSignal(signal: Int32) async throws {
        let serve = try ServeProcess.start([])
        defer { if serve.process.isRunning { _ = try? serve.stop(signal: SIGKILL) } }
        let uploads = try #require(serve.uploadDirectory)
        let n = 2048
        let body = BadInputTests.npy(shape: "(\(n), \(n))", data: [UInt8](repeating: 0, count: n * n * 4))
        let connection = try RawConnection(port: serve.port)
        defer { connection.shut() }
        let head = ServeExchange.postHead("/api/upload?name=inflight.npy", contentType: "application/octet-stream", length: body.count)
        let sent = connection.send(head)
        let sentBody = await connection.send(large: body)
        #expect(sent && sentBody)
        try #require(try await Self.waitUntilRunning(port: serve.port, within: 60), "the upload was never seen running")
        serve.send(signal: signal)
        let reply = ServeExchange.parse(await connection.receiveResponse(within: 120))
        #expect(reply.status == 200, "\(reply.head) \(reply.body.prefix(200))")
        #expect(reply.body.contains(#""source":"upload""#) && reply.body.contains(#""shape":[1,1,2048,2048]"#))
        #expect(serve.waitForExit(timeout: 60) == 0)
        #expect(!FileManager.default.fileExists(atPath: uploads), "upload directory left behind")
    }

    @Test func runningModelRequestCompletesAfterSIGTERM() async throws {
        let model = try ServeExchange.requireMiniLM(why: "a model run is the slow request in flight")
        let serve = try ServeProcess.start(["--model", model, "--max-text", "5000", "--timeout", "600"])
        defer { if serve.process.isRunning { _ = try? serve.stop(signal: SIGKILL) } }
        let text = String(repeating: "attention is all you need ", count: 20)
        let body = Array(#"{"text": "\#(text)"}"#.utf8)
        let connection = try RawConnection(port: serve.port)
        defer { connection.shut() }
        let sent = connection.send(ServeExchange.postHead("/api/attention", contentType: "application/json", length: body.count))
        let sentBody = connection.send(bytes: body)
        #expect(sent && sentBody)
        // Wait until the worker has it (a forward pass over ~100 tokens takes long enough to see).
        try #require(try await Self.waitUntilRunning(port: serve.port, within: 60), "the model request was never seen running")
        serve.send(signal: SIGTERM)
        let reply = ServeExchange.parse(await connection.receiveResponse(within: 240))
        #expect(reply.status == 200, "\(reply.head) \(reply.body.prefix(200))")
        #expect(reply.body.contains(#""source":"model""#))
        #expect(serve.waitForExit(timeout: 60) == 0)
    }
}
