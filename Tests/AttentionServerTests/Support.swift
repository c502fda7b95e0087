import Attention
import AttentionExplorer
import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport

/// Starts a live server on a free loopback port with the fake model and reader, runs `body`,
/// then shuts it down (workers stopped, upload directory removed).
func withLiveServer<T: Sendable>(
    limits: ServerLimits = ServerLimits(),
    model: (any AttentionComputing)? = FakeModel(),
    runs: RunStore = RunStore(),
    logger: Logger = Logger(label: "attnviz.serve"),
    _ body: @escaping @Sendable (any TestClientProtocol, AttentionServer) async throws -> T
) async throws -> T {
    // HummingbirdTesting's client keeps one connection and never reconnects: a test that leaves it
    // idle longer than the header timeout (a loaded machine, a slow queue) would lose it. Tests
    // that are not about that timeout keep the default value and get a long one.
    var limits = limits
    if limits.headerTimeout == ServerLimits().headerTimeout { limits.headerTimeout = .seconds(600) }
    let server = try AttentionServer(
        configuration: ServerConfiguration(host: "127.0.0.1", port: 0, limits: limits),
        model: model, reader: FormatsFileReader(), encoder: ExplorerPayloadEncoder(),
        page: AppPage.standard, runs: runs, logger: logger)
    defer { server.shutdown() }
    return try await server.makeApplication().test(.live) { client in try await body(client, server) }
}

extension TestClientProtocol {
    func get(_ path: String) async throws -> TestResponse {
        try await execute(uri: path, method: .get)
    }

    func post(_ path: String, body: String, contentType: String = "application/json") async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func upload(_ name: String, bytes: [UInt8], contentType: String = "application/octet-stream") async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        return try await execute(uri: "/api/upload?name=\(query)", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
    }
}

/// A response parsed as a JSON object (empty when it is not one).
func jsonObject(_ response: TestResponse) -> [String: Any] {
    let data = Data(buffer: response.body)
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

/// `error.message` of a JSON error response.
func errorMessage(_ response: TestResponse) -> String {
    ((jsonObject(response)["error"] as? [String: Any])?["message"] as? String) ?? "<no JSON error>"
}

/// `error.status` of a JSON error response.
func errorStatus(_ response: TestResponse) -> Int {
    ((jsonObject(response)["error"] as? [String: Any])?["status"] as? Int) ?? -1
}

/// Polls `condition` every 10 ms for up to `seconds` (generous: the suite runs in parallel).
func eventually(_ seconds: Double = 30, _ condition: () -> Bool) async -> Bool {
    let deadline = Date(timeIntervalSinceNow: seconds)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// The explorer payload of a response's `attention` member, decoded by the format's definition
/// (TestSupport's `ExplorerPayloadReference`), not by the code under test.
func decodePayload(_ attention: [String: Any]) -> ExplorerPayloadReference? {
    ExplorerPayloadReference(json: attention)
}

/// `GET path` on a fresh raw connection with `Host: host` and `Connection: close`: the whole
/// reply, for tests whose server closes idle connections sooner than the test client expects.
func rawGet(port: Int, _ path: String = "/healthz", host: String = "localhost") async throws -> String {
    let connection = try RawConnection(port: port)
    defer { connection.shut() }
    connection.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
    return await connection.receiveResponse(within: 20)
}

/// The status code of a raw reply (`HTTP/1.1 421 ...` gives 421), or -1.
func statusCode(_ reply: String) -> Int {
    let parts = reply.prefix(20).split(separator: " ")
    return parts.count >= 2 ? Int(parts[1]) ?? -1 : -1
}

/// The JSON body of a raw reply as an object (empty when it is not one).
func jsonBody(_ reply: String) -> [String: Any] {
    guard let start = reply.range(of: "\r\n\r\n") else { return [:] }
    let data = Data(reply[start.upperBound...].utf8)
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

/// `error.message` and `error.status` of a raw JSON error reply.
func rawError(_ reply: String) -> (status: Int, message: String) {
    let error = jsonBody(reply)["error"] as? [String: Any]
    return ((error?["status"] as? Int) ?? -1, (error?["message"] as? String) ?? "<no JSON error>")
}
