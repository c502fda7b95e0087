import Foundation
import Testing
import TestSupport

/// The serve size limits through the binary (README, "Limits"): uploads up to `--max-upload-mb`
/// MiB (32 by default), JSON bodies up to 256 KiB, else 413; `text` up to `--max-text` characters
/// (60,000 by default), else 400. Each limit is probed exactly at it and one past it.
@Suite(.serialized, .hangGuard) struct ServeSizeLimitTests {
    func requireModel() throws -> String {
        try ServeExchange.requireMiniLM(why: "serve's text limits are checked against a loaded model")
    }

    @Test(arguments: [(["--max-upload-mb", "1"], 1 << 20), ([], 32 << 20)])
    func uploadLimit(arguments: [String], limit: Int) async throws {
        let serve = try ServeProcess.start(arguments)
        defer { _ = try? serve.stop() }
        let model = try await ServeExchange.get(port: serve.port, "/api/model")
        #expect(model.body.contains(#""maxUploadBytes":\#(limit)"#), "\(model.body)")
        let atLimit = try await ServeExchange.upload(port: serve.port, name: "a.json", body: ServeExchange.paddedJSON(size: limit))
        #expect(atLimit.status == 200, "\(atLimit.head) \(atLimit.body.prefix(300))")
        #expect(atLimit.body.contains(#""source":"upload""#))
        let over = try await ServeExchange.upload(port: serve.port, name: "a.json", body: ServeExchange.paddedJSON(size: limit + 1))
        #expect(over.status == 413, "\(over.head)")
        #expect(over.message == "upload of \(limit + 1) bytes exceeds the limit of \(limit) bytes", "\(over.body)")
    }

    @Test func jsonBodyLimitIs256KiB() async throws {
        let serve = try ServeProcess.start(["--model", try requireModel()])
        defer { _ = try? serve.stop() }
        func body(_ size: Int) -> [UInt8] {
            let json = Array(#"{"text": "The cat sat."}"#.utf8)
            return json + [UInt8](repeating: 0x20, count: size - json.count)
        }
        let atLimit = try await ServeExchange.attention(port: serve.port, json: body(262_144))
        #expect(atLimit.status == 200, "\(atLimit.head) \(atLimit.body.prefix(300))")
        let over = try await ServeExchange.attention(port: serve.port, json: body(262_145))
        #expect(over.status == 413)
        #expect(over.message == "JSON body of 262145 bytes exceeds the limit of 262144 bytes", "\(over.body)")
    }

    /// "a" then spaces: N characters but three tokens, so only the character limit can refuse it.
    @Test(arguments: [(["--max-text", "50"], 50), ([], 60_000)])
    func textLimit(arguments: [String], limit: Int) async throws {
        let serve = try ServeProcess.start(["--model", try requireModel()] + arguments)
        defer { _ = try? serve.stop() }
        func request(field: String, characters: Int) -> [UInt8] {
            let text = "a" + String(repeating: " ", count: characters - 1)
            let json = field == "text" ? #"{"text": "\#(text)"}"# : #"{"text": "b", "pair": "\#(text)"}"#
            return Array(json.utf8)
        }
        let model = try await ServeExchange.get(port: serve.port, "/api/model")
        #expect(model.body.contains(#""maxTextCharacters":\#(limit)"#), "\(model.body)")
        for field in ["text", "pair"] {
            let atLimit = try await ServeExchange.attention(port: serve.port, json: request(field: field, characters: limit))
            #expect(atLimit.status == 200, "\(field): \(atLimit.head) \(atLimit.body.prefix(300))")
            let over = try await ServeExchange.attention(port: serve.port, json: request(field: field, characters: limit + 1))
            #expect(over.status == 400)
            #expect(over.message == "\(field) has \(limit + 1) characters; the limit is \(limit)", "\(over.body)")
        }
    }
}
