import AttentionServer
import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// `ServerLimits.maxConnectionsPerClient`: connections beyond it from one address are closed at
/// once; slots come back when connections close, at the latest one header timeout later.
@Suite(.hangGuard) struct ConnectionLimitTests {  // live server on a real socket
    /// Opens raw connections until `server` counts `limit` from 127.0.0.1 (the test client's own
    /// connection included), one at a time so each is counted before the next.
    static func fill(_ server: AttentionServer, client: any TestClientProtocol) async throws -> [RawConnection] {
        let port = try #require(client.port)
        // The test client connects in the background; once it has an answer it is counted.
        #expect(try await client.get("/healthz").status == .ok)
        var held = [RawConnection]()
        let limit = server.connections.limit
        while server.connections.count(from: "127.0.0.1") < limit {
            let before = server.connections.count(from: "127.0.0.1")
            held.append(try RawConnection(port: port))
            #expect(await eventually(30) { server.connections.count(from: "127.0.0.1") >= before + 1 })
        }
        return held
    }

    @Test func connectionsBeyondThePerClientLimitAreClosed() async throws {
        let limits = ServerLimits(headerTimeout: .seconds(60), maxConnectionsPerClient: 4)
        try await withLiveServer(limits: limits) { client, server in
            let port = try #require(client.port)
            let held = try await Self.fill(server, client: client)
            defer { held.forEach { $0.shut() } }
            let refusedBefore = server.connections.refused
            let extra = try RawConnection(port: port)
            #expect(await extra.waitUntilClosed(within: 5), "a connection beyond the limit stayed open")
            #expect(server.connections.refused == refusedBefore + 1)
            #expect(server.connections.count(from: "127.0.0.1") == 4)
            // The held connections still work.
            let first = try #require(held.first)
            first.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(statusCode(await first.receiveResponse()) == 200)
            // Closing one frees its slot.
            held.last?.shut()
            #expect(await eventually(10) { server.connections.count(from: "127.0.0.1") == 3 })
            #expect(statusCode(try await rawGet(port: port)) == 200)
        }
    }

    @Test func silentClientsLockOthersOutForAtMostTheHeaderTimeout() async throws {
        let limits = ServerLimits(headerTimeout: .seconds(1), maxConnectionsPerClient: 6)
        try await withLiveServer(limits: limits) { client, server in
            let port = try #require(client.port)
            let start = Date()
            let held = try await Self.fill(server, client: client)
            defer { held.forEach { $0.shut() } }
            // Every slot is held by a connection that sends nothing: a newcomer is turned away...
            let newcomer = try RawConnection(port: port)
            #expect(await newcomer.waitUntilClosed(within: 5))
            // ...until the header timeout closes the silent ones.
            #expect(await eventually(10) { server.connections.count(from: "127.0.0.1") == 0 })
            let freed = Date().timeIntervalSince(start)
            #expect(freed < 15, "slots freed after \(freed) s")
            #expect(statusCode(try await rawGet(port: port)) == 200)
        }
    }

    @Test func defaultLimitLeavesRoomForTheBenchConcurrency() {
        let limits = ServerLimits()
        // bench/server.sh runs 16 concurrent clients on loopback, plus a browser's ~6.
        #expect(limits.maxConnectionsPerClient >= 2 * 16)
        #expect(limits.maxConnectionsPerClient < limits.maxConnections)
        #expect(limits.headerTimeout == .seconds(10))
    }
}
