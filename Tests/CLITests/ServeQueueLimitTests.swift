import Foundation
import Testing
import TestSupport

/// `--workers` and `--queue` through the binary: `/healthz` reports them (1 and 32 by default),
/// and with one worker and a queue of one, a burst of model requests gets 429 with
/// `Retry-After: 1` for everything past the running one and the waiting one.
@Suite(.serialized, .hangGuard) struct ServeQueueLimitTests {
    @Test(arguments: [(["--workers", "3", "--queue", "5"], 3, 5), ([], 1, 32)])
    func healthReportsWorkersAndQueue(arguments: [String], workers: Int, queue: Int) async throws {
        let serve = try ServeProcess.start(arguments)
        defer { _ = try? serve.stop() }
        let health = try await ServeExchange.health(port: serve.port)
        #expect(health["workers"] as? Int == workers, "\(health)")
        #expect(health["queueCapacity"] as? Int == queue, "\(health)")
    }

    /// Five long texts on five connections with one worker: the first is sent alone and seen
    /// running (`/healthz`), then four at once: with a queue of one, one of them waits and three
    /// are refused with 429; with the default queue all five are answered.
    @Test(arguments: [(["--queue", "1"], 3), ([], 0)])
    func fullQueueAnswers429(arguments: [String], refused: Int) async throws {
        let model = try ServeExchange.requireMiniLM(why: "slow model requests fill the queue")
        let serve = try ServeProcess.start(["--model", model, "--workers", "1", "--max-text", "5000", "--timeout", "600"] + arguments)
        defer { _ = try? serve.stop() }
        // 502 tokens (MiniLM takes 512), so each forward pass outlasts the polling below.
        let text = String(repeating: "attention is all you need ", count: 100)
        let body = Array(#"{"text": "\#(text)"}"#.utf8)
        let connections = try (0..<5).map { _ in try RawConnection(port: serve.port) }
        defer { connections.forEach { $0.shut() } }
        func post(_ connection: RawConnection) {
            #expect(connection.send(ServeExchange.postHead("/api/attention", contentType: "application/json", length: body.count)))
            #expect(connection.send(bytes: body))
        }
        func queue() async -> [String: Int] {
            ((try? await ServeExchange.health(port: serve.port))?["queue"] as? [String: Int]) ?? [:]
        }
        func waitFor(_ key: String, _ value: Int) async -> Bool {
            let deadline = Date(timeIntervalSinceNow: 60)
            while Date() < deadline {
                if await queue()[key] == value { return true }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
            return false
        }
        post(connections[0])
        let ran = await waitFor("running", 1)
        #expect(ran, "the first request never ran")
        for connection in connections.dropFirst() { post(connection) }
        var replies = [ServeExchange.Reply]()
        for connection in connections { replies.append(ServeExchange.parse(await connection.receiveResponse(within: 240))) }
        let busy = replies.filter { $0.status == 429 }
        #expect(busy.count == refused, "\(replies.map(\.status))")
        #expect(replies.filter { $0.status == 200 }.count == 5 - refused, "\(replies.map(\.status))")
        #expect(replies[0].status == 200, "the running request is answered")
        for reply in busy {
            #expect(reply.header("Retry-After") == "1")
            #expect(reply.message == "busy: 1 requests are already waiting; retry in a moment", "\(reply.body)")
        }
    }

    @Test func logLevelHidesInfoLines() async throws {
        let quiet = try ServeProcess.start(["--log-level", "warning"])
        let quietLog = quiet.log
        #expect(try quiet.stop() == 0)
        #expect(!quietLog.contains("listening"), "\(quietLog)")
        let normal = try ServeProcess.start([])
        // The URL is printed from the same callback that logs "listening"; poll for the line.
        let deadline = Date(timeIntervalSinceNow: 30)
        while !normal.log.contains("listening") && Date() < deadline { usleep(20_000) }
        let normalLog = normal.log
        #expect(try normal.stop() == 0)
        #expect(normalLog.contains("listening"), "\(normalLog)")
    }
}
