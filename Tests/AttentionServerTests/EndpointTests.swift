import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Every endpoint on a live server bound to a free loopback port.
@Suite(.hangGuard) struct EndpointTests {  // live server on a real socket
    @Test func healthReportsOkAndQueue() async throws {
        try await withLiveServer { client, _ in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            let body = jsonObject(response)
            #expect(body["status"] as? String == "ok")
            #expect(body["model"] as? String == "fake")
            #expect(body["queueCapacity"] as? Int == 32)
            #expect(body["pendingRuns"] as? Int == 0)
            #expect((body["queue"] as? [String: Any])?["waiting"] as? Int == 0)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(response.headers[.contentSecurityPolicy]?.contains("connect-src 'self'") == true)
        }
    }

    @Test func modelDescribesTheLoadedModelAndLimits() async throws {
        let limits = ServerLimits(maxTextCharacters: 123)
        try await withLiveServer(limits: limits) { client, _ in
            let body = jsonObject(try await client.get("/api/model"))
            #expect(body["loaded"] as? Bool == true)
            let model = try #require(body["model"] as? [String: Any])
            #expect(model["name"] as? String == "fake")
            #expect(model["layers"] as? Int == 2)
            #expect(model["heads"] as? Int == 3)
            #expect(model["acceptsPairs"] as? Bool == true)
            let reported = try #require(body["limits"] as? [String: Any])
            #expect(reported["maxTextCharacters"] as? Int == 123)
            #expect(reported["uploadExtensions"] as? [String] == ["csv", "json", "npy", "npz", "safetensors", "st", "tab", "tsv"])
        }
    }

    @Test func pageIsSelfContained() async throws {
        try await withLiveServer { client, _ in
            let response = try await client.get("/")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: response.body)
            #expect(html.contains("<textarea id=\"serve-text\""))
            #expect(html.contains("id=\"serve-drop\""))
            #expect(html.contains("id=\"head-canvas\""))   // the explorer's views
            #expect(html.contains("window.attnviz"))
            // No reference to any other origin: every src/href is local or a data: URL.
            for attribute in ["src=\"http", "href=\"http", "src='http", "href='http", "url(http", "@import", "//cdn"] {
                #expect(!html.contains(attribute), "page references \(attribute)")
            }
        }
    }

    @Test func attentionReturnsTokensAndEncodedWeights() async throws {
        try await withLiveServer { client, _ in
            let response = try await client.post("/api/attention", body: #"{"text": "The cat sat"}"#)
            #expect(response.status == .ok)
            let body = jsonObject(response)
            let tokens = try #require(body["tokens"] as? [String])
            #expect(tokens == ["[CLS]", "the", "cat", "sat", "[SEP]"])
            #expect(body["shape"] as? [Int] == [2, 3, 5, 5])
            #expect(body["source"] as? String == "model")
            #expect(body["pairSplit"] == nil)
            let attention = try #require(body["attention"] as? [String: Any])
            let decoded = try #require(decodePayload(attention))
            #expect(decoded.shape == [2, 3, 5, 5])
            #expect(attention["queryTokens"] as? [String] == tokens)
            // Every weight matches the model's formula within the largest 8-bit decoding error.
            for l in 0..<2 { for h in 0..<3 { for i in 0..<5 { for j in 0..<5 {
                let expected = FakeModel.weight(layer: l, head: h, query: i, key: j, count: 5)
                let head = (0..<25).map { FakeModel.weight(layer: l, head: h, query: $0 / 5, key: $0 % 5, count: 5) }
                let step = ExplorerPayloadReference.halfStep(of: head)
                #expect(step > 0 && step < 0.01)
                #expect(abs(decoded.weight(l, h, i, j) - expected) <= step, "l\(l) h\(h) q\(i) k\(j)")
            } } } }
        }
    }

    @Test func pairGivesBothSentencesAndSplit() async throws {
        try await withLiveServer { client, _ in
            let body = jsonObject(try await client.post("/api/attention", body: #"{"text": "a b", "pair": "c"}"#))
            #expect(body["tokens"] as? [String] == ["[CLS]", "a", "b", "[SEP]", "c", "[SEP]"])
            #expect(body["pairSplit"] as? Int == 4)
            #expect(body["title"] as? String == "a b / c")
            // An empty pair is no pair.
            let single = jsonObject(try await client.post("/api/attention", body: #"{"text": "a b", "pair": ""}"#))
            #expect(single["tokens"] as? [String] == ["[CLS]", "a", "b", "[SEP]"])
        }
    }

    @Test func tokensWithMarkupComeBackAsData() async throws {
        try await withLiveServer { client, _ in
            let text = #"</script><img src=x onerror=alert(1)> "quoted""#
            let body = jsonObject(try await client.post("/api/attention", body: String(data: try JSONEncoder().encode(["text": text]), encoding: .utf8)!))
            #expect((body["tokens"] as? [String])?.contains("</script><img") == true)
        }
    }

    @Test func modelInputErrorsAre400() async throws {
        try await withLiveServer { client, _ in
            let words = Array(repeating: "w", count: 70).joined(separator: " ")
            let response = try await client.post("/api/attention", body: #"{"text": "\#(words)"}"#)
            #expect(response.status == .badRequest)
            #expect(errorMessage(response).contains("at most 64"))
        }
    }

    @Test func withoutModelAttentionIs503AndModelSaysSo() async throws {
        try await withLiveServer(model: nil) { client, _ in
            let info = jsonObject(try await client.get("/api/model"))
            #expect(info["loaded"] as? Bool == false)
            let response = try await client.post("/api/attention", body: #"{"text": "hi"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(errorMessage(response).contains("--model"))
            let health = jsonObject(try await client.get("/healthz"))
            #expect(health["status"] as? String == "ok")
        }
    }

    @Test func unknownPathsAndMethodsAreJSONErrorsAndNeverFiles() async throws {
        try await withLiveServer { client, _ in
            for path in ["/nope", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/../Package.swift", "/static/../../etc/hosts"] {
                let response = try await client.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(errorStatus(response) == 404, "\(path)")
                #expect(!String(buffer: response.body).contains("root:"), "\(path)")
            }
            let wrongMethod = try await client.get("/api/attention")
            #expect([404, 405].contains(Int(wrongMethod.status.code)))
            #expect(errorStatus(wrongMethod) == Int(wrongMethod.status.code))
        }
    }

    @Test func foreignHostHeaderIsRefused() async throws {
        try await withLiveServer { client, _ in
            let port = try #require(client.port)
            let response = try await TestClient.withClient(host: "localhost", port: port) { raw in
                try await raw.execute(TestClient.Request("/healthz", method: .get, authority: "attacker.example:\(port)"))
            }
            #expect(response.status == .misdirectedRequest)
            let ok = try await TestClient.withClient(host: "localhost", port: port) { raw in
                try await raw.execute(TestClient.Request("/healthz", method: .get, authority: "127.0.0.1:\(port)"))
            }
            #expect(ok.status == .ok)
        }
    }
}
