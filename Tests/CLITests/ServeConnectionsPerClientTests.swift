import Foundation
import Testing
import TestSupport

/// `--max-connections-per-client N` (32 by default) through the binary: N kept-alive connections
/// from 127.0.0.1 are all served, the next one is closed without an answer, and closing one
/// gives its slot back.
@Suite(.hangGuard) struct ServeConnectionsPerClientTests {
    static let request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"

    @Test(arguments: [(["--max-connections-per-client", "3"], 3), ([], 32)])
    func connectionPastTheLimitIsClosed(arguments: [String], limit: Int) async throws {
        // Long header timeout: idle kept-alive connections must not give their slots back early.
        let serve = try ServeProcess.start(["--header-timeout", "600"] + arguments)
        defer { _ = try? serve.stop() }
        var open = [RawConnection]()
        defer { open.forEach { $0.shut() } }
        for i in 0..<limit {
            let connection = try RawConnection(port: serve.port)
            open.append(connection)
            connection.send(Self.request)
            let reply = ServeExchange.parse(await connection.receiveResponse(within: 30))
            #expect(reply.status == 200, "connection \(i + 1) of \(limit): \(reply.head)")
        }
        let extra = try RawConnection(port: serve.port)
        defer { extra.shut() }
        extra.send(Self.request)
        let refused = await extra.receive(for: 30)
        #expect(refused.closed, "connection \(limit + 1) was not closed")
        #expect(refused.text.isEmpty, "connection \(limit + 1) got an answer: \(refused.text.prefix(100))")
        // Giving one back lets a new one in (the server notices the close asynchronously: poll).
        open.removeFirst().shut()
        let deadline = Date(timeIntervalSinceNow: 30)
        var status = 0
        while status != 200 && Date() < deadline {
            let again = try RawConnection(port: serve.port)
            again.send(Self.request)
            status = ServeExchange.parse(await again.receiveResponse(within: 10)).status
            if status == 200 { open.append(again) } else { again.shut(); try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == 200)
    }
}
