import Foundation
import Testing
import TestSupport

/// README: "Ctrl-C or SIGTERM stops it cleanly: in-flight requests finish, workers stop, the
/// upload directory is deleted." Checked with a request provably in flight when the signal
/// arrives: an upload and a model run that `/healthz` reports running on a worker.
@Suite(.serialized, .hangGuard) struct ServeShutdownInFlightTests {
    /// What `/healthz` showed of the request under test.
    enum Sighting: Equatable { case running, finishedUnseen, timedOut }

    /// Polls `/healthz` until a request is running on a worker (`.running`), or one finished
    /// before any poll caught it running (`.finishedUnseen`: a loaded machine answered a poll late).
    static func waitUntilRunning(port: Int, within seconds: Double) async throws -> Sighting {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline {
            let queue = try await ServeExchange.health(port: port)["queue"] as? [String: Any]
            if queue?["running"] as? Int == 1 { return .running }
            if (queue?["completed"] as? Int ?? 0) > 0 || (queue?["cancelled"] as? Int ?? 0) > 0 { return .finishedUnseen }
            try await Task.sleep(for: .milliseconds(5))
        }
        return .timedOut
    }

    /// A 16 MiB `.npy` upload takes a worker about a second to parse and encode: the signal
    /// arrives while `/healthz` reports it running. On a loaded machine the first poll can be
    /// answered after the upload is done; that attempt proves nothing and is made again with a
    /// fresh server (at most `attempts` times).
    @Test(arguments: [SIGTERM, SIGINT])
    func uploadBeingParsedCompletesAfterTheSignal(signal: Int32) async throws {
        try await Self.attempt("the upload") { try await Self.signalDuringUpload(signal) }
    }

    /// Runs `attempt` until it returns `nil` (the signal arrived while `what` ran, and everything
    /// was checked), at most 4 times; records an issue listing what each attempt saw instead.
    static func attempt(_ what: String, _ attempt: () async throws -> String?) async throws {
        let attempts = 4
        var missed: [String] = []
        for _ in 0..<attempts {
            guard let miss = try await attempt() else { return }
            missed.append(miss)
        }
        Issue.record("\(what) was never caught running in \(attempts) attempts: \(missed.joined(separator: "; "))")
    }

    /// One attempt: `nil` when the signal arrived during the upload's parse (and everything was
    /// checked), otherwise what was seen instead.
    static func signalDuringUpload(_ signal: Int32) async throws -> String? {
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
        let sighting = try await waitUntilRunning(port: serve.port, within: 60)
        guard sighting == .running else {
            let reply = ServeExchange.parse(await connection.receiveResponse(within: 5))
            return "\(sighting), reply \(reply.status)"
        }
        serve.send(signal: signal)
        let reply = ServeExchange.parse(await connection.receiveResponse(within: 120))
        #expect(reply.status == 200, "\(reply.head) \(reply.body.prefix(200))")
        #expect(reply.body.contains(#""source":"upload""#) && reply.body.contains(#""shape":[1,1,2048,2048]"#))
        #expect(serve.waitForExit(timeout: 60) == 0)
        #expect(!FileManager.default.fileExists(atPath: uploads), "upload directory left behind")
        return nil
    }

    /// A forward pass over ~500 tokens and its JSON answer keep a worker busy long enough to see;
    /// an attempt whose request finished before a poll caught it is made again.
    @Test func runningModelRequestCompletesAfterSIGTERM() async throws {
        let model = try ServeExchange.requireMiniLM(why: "a model run is the slow request in flight")
        try await Self.attempt("the model request") { try await Self.signalDuringModelRun(model: model) }
    }

    /// One attempt: `nil` when SIGTERM arrived during the model run (and everything was checked),
    /// otherwise what was seen instead.
    static func signalDuringModelRun(model: String) async throws -> String? {
        let serve = try ServeProcess.start(["--model", model, "--max-text", "5000", "--timeout", "600"])
        defer { if serve.process.isRunning { _ = try? serve.stop(signal: SIGKILL) } }
        let text = String(repeating: "attention is all you need ", count: 100)
        let body = Array(#"{"text": "\#(text)"}"#.utf8)
        let connection = try RawConnection(port: serve.port)
        defer { connection.shut() }
        let sent = connection.send(ServeExchange.postHead("/api/attention", contentType: "application/json", length: body.count))
        let sentBody = connection.send(bytes: body)
        #expect(sent && sentBody)
        let sighting = try await waitUntilRunning(port: serve.port, within: 60)
        guard sighting == .running else {
            let reply = ServeExchange.parse(await connection.receiveResponse(within: 5))
            return "\(sighting), reply \(reply.status)"
        }
        serve.send(signal: SIGTERM)
        let reply = ServeExchange.parse(await connection.receiveResponse(within: 240))
        #expect(reply.status == 200, "\(reply.head) \(reply.body.prefix(200))")
        #expect(reply.body.contains(#""source":"model""#))
        #expect(serve.waitForExit(timeout: 60) == 0)
        return nil
    }
}
