import Foundation
import Testing
import TestSupport

/// `--timeout` and `--header-timeout` through the binary. A stalled body gets 503 once the
/// request timeout (30 s by default) has passed; a stalled request head is closed once the
/// header timeout (10 s by default) has passed. The elapsed time is only checked from below
/// (a timeout never fires early), so a loaded machine cannot make these fail.
@Suite(.hangGuard) struct ServeTimeLimitTests {
    @Test(arguments: [(["--timeout", "2"], 2.0, "2 s"), ([], 30.0, "30 s")])
    func stalledBodyGets503AfterTheTimeout(arguments: [String], seconds: Double, shown: String) async throws {
        let serve = try ServeProcess.start(arguments)
        defer { _ = try? serve.stop() }
        // A quick request within the same limit is answered normally.
        let quick = try await ServeExchange.upload(port: serve.port, name: "a.json", body: ServeExchange.paddedJSON(size: 200))
        #expect(quick.status == 200, "\(quick.head)")
        let connection = try RawConnection(port: serve.port)
        defer { connection.shut() }
        let start = Date()
        #expect(connection.send(ServeExchange.postHead("/api/upload?name=a.json", contentType: "application/octet-stream", length: 100)))
        #expect(connection.send("{\"tokens\""))   // 9 of the 100 bytes, then nothing
        let reply = ServeExchange.parse(await connection.receiveResponse(within: seconds + 60))
        let elapsed = Date().timeIntervalSince(start)
        #expect(reply.status == 503, "\(reply.head)")
        #expect(reply.message == "the request took longer than \(shown); try a shorter text", "\(reply.body)")
        #expect(elapsed >= seconds * 0.95, "answered after \(elapsed) s")
    }

    @Test(arguments: [(["--header-timeout", "1"], 1.0), ([], 10.0)])
    func stalledHeadIsClosedAfterTheHeaderTimeout(arguments: [String], seconds: Double) async throws {
        let serve = try ServeProcess.start(arguments)
        defer { _ = try? serve.stop() }
        // A complete head in time is answered.
        let health = try await ServeExchange.get(port: serve.port, "/healthz")
        #expect(health.status == 200)
        let connection = try RawConnection(port: serve.port)
        defer { connection.shut() }
        let start = Date()
        #expect(connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"))   // no blank line
        let closed = await connection.waitUntilClosed(within: seconds + 60)
        let elapsed = Date().timeIntervalSince(start)
        #expect(closed)
        #expect(elapsed >= seconds * 0.95, "closed after \(elapsed) s")
    }
}
