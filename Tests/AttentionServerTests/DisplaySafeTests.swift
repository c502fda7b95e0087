import AttentionServer
import Foundation
import Testing
import TestSupport

/// Request text quoted in error messages and log lines (Host, path, file name, Content-Type)
/// never carries control, line-breaking or bidi characters, and is cut to a bounded length.
@Suite(.hangGuard) struct DisplaySafeTests {  // live server on a real socket
    /// Scalars that must never appear raw in a message or log line.
    static func hasUnsafeScalar(_ s: String) -> Bool {
        s.unicodeScalars.contains { scalar in
            let v = scalar.value
            return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0x061C
                || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
    }

    @Test func fileNameAndContentTypeAreEscapedInErrors() async throws {
        try await withLiveServer { client, _ in
            // ?name= is percent-decoded, so a name can carry a newline and a right-to-left override.
            let name = "report\n\u{202E}fdp.xyz"
            let unsupported = try await client.upload(name, bytes: [1, 2, 3])
            #expect(unsupported.status == .unsupportedMediaType)
            let message = errorMessage(unsupported)
            #expect(message.hasPrefix(#"report\u{a}\u{202e}fdp.xyz: unsupported file type"#), "\(message)")
            #expect(!Self.hasUnsafeScalar(message))

            let contentType = "text/plain\u{2067}\u{85}" + String(repeating: "x", count: 500)
            let wrongType = try await client.post("/api/attention", body: "{}", contentType: contentType)
            #expect(wrongType.status == .unsupportedMediaType)
            let typeMessage = errorMessage(wrongType)
            #expect(typeMessage.hasPrefix(#"Content-Type must be application/json, not text/plain\u{2067}\u{85}xxx"#), "\(typeMessage)")
            #expect(typeMessage.hasSuffix("x…"))
            #expect(typeMessage.count < 150)
            #expect(!Self.hasUnsafeScalar(typeMessage))
        }
    }

    @Test func pathIsCutInTheErrorAndTheAccessLog() async throws {
        let capture = LogCapture()
        try await withLiveServer(logger: capture.logger()) { client, _ in
            let port = try #require(client.port)
            // The HTTP parser refuses raw control and non-ASCII bytes in the target, and the path
            // stays percent-encoded, so what is left to bound is its length.
            let connection = try RawConnection(port: port)
            defer { connection.shut() }
            connection.send("GET /a\u{202E}b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(statusCode(await connection.receiveResponse()) == 400)

            let path = "/%E2%80%AE%0A" + String(repeating: "p", count: 400)
            let reply = try await rawGet(port: port, path)
            #expect(statusCode(reply) == 404, "\(reply.prefix(80))")
            let message = rawError(reply).message
            #expect(message.hasPrefix("no such endpoint: GET /%E2%80%AE%0Appp"), "\(message)")
            #expect(message.hasSuffix("p…") && message.count < 150, "\(message)")
            #expect(await eventually(10) { capture.text.contains("path=/%E2%80%AE%0Appp") }, "\(capture.text)")
            let line = capture.text.split(separator: "\n").first { $0.contains("path=/%E2") } ?? ""
            #expect(line.contains("p… ") && line.count < 320, "\(line)")
            #expect(!Self.hasUnsafeScalar(capture.text.replacingOccurrences(of: "\n", with: " ")))
        }
    }
}
