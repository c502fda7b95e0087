import AttentionServer
import Foundation
import Testing
import TestSupport

/// The strict Host rule on a loopback-bound server: exactly one `Host`, a loopback name with an
/// optional numeric port and nothing else; absolute-form targets are judged by their authority.
/// After every refusal the server still answers.
@Suite(.hangGuard) struct HostHeaderTests {  // live server on a real socket
    /// A raw request head: `GET target`, the given header lines, `Connection: close`.
    static func request(_ target: String = "/healthz", headers: [String]) -> String {
        "GET \(target) HTTP/1.1\r\n" + headers.map { $0 + "\r\n" }.joined() + "Connection: close\r\n\r\n"
    }

    static func send(_ request: String, port: Int) async throws -> String {
        let connection = try RawConnection(port: port)
        defer { connection.shut() }
        connection.send(request)
        return await connection.receiveResponse(within: 20)
    }

    @Test(arguments: [
        "localhost:evil", "[::1]evil.com", "localhost:8080:1", "127.0.0.1.evil.com", "evil.com",
        "evil.com:PORT", "localhost.", "localhost:", "localhost:65536", "localhost:123456",
        "127.0.0.01", "127.0.0.256", "127.0.0", "[::1", "[::2]:PORT", "::1", "", "localhost:PORT/",
        "user@localhost", "localhost:+80",
    ])
    func foreignOrMalformedHostIs421(host: String) async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            let value = host.replacingOccurrences(of: "PORT", with: "\(port)")
            let reply = try await Self.send(Self.request(headers: ["Host: \(value)"]), port: port)
            #expect(statusCode(reply) == 421, "Host \(value): \(reply.prefix(60))")
            let error = rawError(reply)
            #expect(error.status == 421)
            #expect(error.message.hasPrefix("unexpected Host"), "\(error.message)")
            #expect(statusCode(try await rawGet(port: port)) == 200, "recovery after Host \(value)")
        }
    }

    @Test(arguments: ["localhost", "localhost:PORT", "LocalHost:PORT", "127.0.0.1:PORT", "127.0.0.1", "127.1.2.3:PORT", "[::1]:PORT", "[::1]"])
    func loopbackHostIsAccepted(host: String) async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            let value = host.replacingOccurrences(of: "PORT", with: "\(port)")
            let reply = try await Self.send(Self.request(headers: ["Host: \(value)"]), port: port)
            #expect(statusCode(reply) == 200, "Host \(value): \(reply.prefix(200))")
        }
    }

    @Test func twoHostHeadersAre421() async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            for pair in [["localhost", "localhost"], ["localhost:\(port)", "evil.com"], ["evil.com", "localhost"]] {
                let reply = try await Self.send(Self.request(headers: pair.map { "Host: \($0)" }), port: port)
                #expect(statusCode(reply) == 421, "\(pair): \(reply.prefix(60))")
                #expect(rawError(reply).message == "more than one Host header; send exactly one")
                #expect(statusCode(try await rawGet(port: port)) == 200)
            }
        }
    }

    @Test func missingHostIs400() async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            let reply = try await Self.send(Self.request(headers: []), port: port)
            #expect(statusCode(reply) == 400, "\(reply.prefix(60))")
            #expect(rawError(reply) == (400, "missing Host header"))
            #expect(statusCode(try await rawGet(port: port)) == 200)
        }
    }

    @Test func absoluteFormTargetIsJudgedByItsAuthority() async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            // The attacker's form: a foreign authority in the target, a loopback Host beside it.
            for target in ["http://evil.com/", "http://evil.com/healthz", "http://evil.com", "HTTP://evil.com:\(port)/healthz",
                           "http://localhost@evil.com/healthz", "http://localhost:\(port)@evil.com/healthz",
                           "https://127.0.0.1.evil.com/healthz", "ftp://evil.com/healthz", "http:///healthz"] {
                let reply = try await Self.send(Self.request(target, headers: ["Host: localhost:\(port)"]), port: port)
                #expect(statusCode(reply) == 421, "\(target): \(reply.prefix(60))")
                #expect(rawError(reply).status == 421)
                #expect(statusCode(try await rawGet(port: port)) == 200, "recovery after \(target)")
            }
            // RFC 9112: a loopback authority in the target wins over a foreign Host.
            for target in ["http://localhost:\(port)/healthz", "http://127.0.0.1:\(port)/healthz?x=1", "http://[::1]:\(port)/healthz"] {
                let reply = try await Self.send(Self.request(target, headers: ["Host: evil.com"]), port: port)
                #expect(statusCode(reply) == 200, "\(target): \(reply.prefix(60))")
                #expect(jsonBody(reply)["status"] as? String == "ok")
            }
        }
    }

    @Test func hostInTheMessageIsDisplaySafe() async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            let hostile = "evil\u{202E}moc.\u{2066}x\u{2028}y\u{85}z" + String(repeating: "a", count: 300)
            let reply = try await Self.send(Self.request(headers: ["Host: \(hostile)"]), port: port)
            #expect(statusCode(reply) == 421)
            let message = rawError(reply).message
            #expect(message.hasPrefix(#"unexpected Host "evil\u{202e}moc.\u{2066}x\u{2028}y\u{85}zaaa"#), "\(message)")
            #expect(!message.unicodeScalars.contains { [0x202E, 0x2066, 0x2028, 0x85].contains($0.value) })
            #expect(message.contains("a…\""))
            #expect(message.count < 250)
        }
    }
}
