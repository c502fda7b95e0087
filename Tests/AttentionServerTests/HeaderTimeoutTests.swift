import AttentionServer
import Foundation
import Testing
import TestSupport

/// `ServerLimits.headerTimeout`: a connection that does not deliver a complete request head in
/// time (after connecting, or after its last response) is closed; a request whose head arrived
/// is never cut by it.
@Suite(.hangGuard) struct HeaderTimeoutTests {  // live server on a real socket
    static let limits = ServerLimits(headerTimeout: .seconds(1))

    @Test func slowHeaderSendersAreClosedAfterTheTimeout() async throws {
        try await withLiveServer(limits: Self.limits) { client, _ in
            let port = try #require(client.port)
            let start = Date()
            // 24 clients each dribble a never-ending header, one byte every 100 ms.
            let lifetimes = try await withThrowingTaskGroup(of: Double?.self) { group in
                for _ in 0..<24 {
                    group.addTask {
                        let connection = try RawConnection(port: port)
                        defer { connection.shut() }
                        connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                        while Date().timeIntervalSince(start) < 8 {
                            if !connection.send("a") { return Date().timeIntervalSince(start) }
                            if await connection.receive(for: 0.1).closed { return Date().timeIntervalSince(start) }
                        }
                        return nil  // still open after 8 s
                    }
                }
                return try await group.reduce(into: [Double?]()) { $0.append($1) }
            }
            #expect(lifetimes.allSatisfy { $0 != nil }, "some slow connections were never closed")
            for lifetime in lifetimes.compactMap({ $0 }) {
                #expect(lifetime >= 0.9 && lifetime < 15, "closed after \(lifetime) s")
            }
            #expect(statusCode(try await rawGet(port: port)) == 200)
        }
    }

    @Test func silentConnectionIsClosedAfterTheTimeout() async throws {
        try await withLiveServer(limits: Self.limits) { client, _ in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            let start = Date()
            #expect(await connection.waitUntilClosed(within: 6))
            let elapsed = Date().timeIntervalSince(start)
            #expect(elapsed >= 0.9 && elapsed < 15, "\(elapsed)")
        }
    }

    @Test func idleKeepAliveConnectionIsClosedAfterTheTimeout() async throws {
        try await withLiveServer(limits: Self.limits) { client, _ in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            // Two requests on one connection, each within the timeout of the previous response.
            for _ in 0..<2 {
                try await Task.sleep(for: .milliseconds(500))
                connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let reply = await connection.receiveResponse(within: 10)
                #expect(statusCode(reply) == 200, "\(reply.prefix(60))")
            }
            let answered = Date()
            #expect(await connection.waitUntilClosed(within: 6))
            let idle = Date().timeIntervalSince(answered)
            #expect(idle >= 0.9 && idle < 15, "\(idle)")
        }
    }

    @Test func slowBodyAfterATimelyHeadIsNotCut() async throws {
        try await withLiveServer(limits: Self.limits) { client, _ in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            defer { connection.shut() }
            let body = #"{"text": "a slow but honest client"}"#
            connection.send("POST /api/attention HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
            // The body takes 2 s, twice the header timeout.
            for chunk in body.map(String.init) {
                try await Task.sleep(for: .milliseconds(2000 / body.count))
                connection.send(chunk)
            }
            let reply = await connection.receiveResponse(within: 10)
            #expect(statusCode(reply) == 200, "\(reply.prefix(120))")
        }
    }

    @Test func stalledBodyIsAnswered503AndTheConnectionClosed() async throws {
        let limits = ServerLimits(requestTimeout: .milliseconds(300), headerTimeout: .seconds(1))
        try await withLiveServer(limits: limits) { client, _ in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            let start = Date()
            // Promise 100 bytes, send 10, then stall: the request timeout answers and the
            // connection is closed.
            connection.send("POST /api/attention HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\": \"")
            let reply = await connection.receive(for: 8)
            let elapsed = Date().timeIntervalSince(start)
            #expect(reply.text.hasPrefix("HTTP/1.1 503"), "\(reply.text.prefix(80))")
            #expect(reply.closed)
            #expect(elapsed >= 0.25 && elapsed < 15, "\(elapsed)")
        }
    }

    @Test func unreadBodyAfterTheResponseIsCutByTheHeaderTimeout() async throws {
        try await withLiveServer(limits: Self.limits) { client, _ in
            let port = try #require(client.port)
            let connection = try RawConnection(port: port)
            let start = Date()
            // /healthz answers without reading the body; the server then waits for the rest of
            // the promised body before the next request, which never comes: one header timeout.
            connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n0123456789")
            let reply = await connection.receive(for: 8)
            let elapsed = Date().timeIntervalSince(start)
            #expect(reply.text.hasPrefix("HTTP/1.1 200"), "\(reply.text.prefix(80))")
            #expect(reply.closed)
            #expect(elapsed >= 0.9 && elapsed < 15, "\(elapsed)")
        }
    }
}
