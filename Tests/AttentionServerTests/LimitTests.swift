import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// Every limit and malformed input answers a clear JSON error, and the server stays healthy.
@Suite(.hangGuard) struct LimitTests {  // live server on a real socket
    @Test func textLongerThanTheLimitIs400() async throws {
        try await withLiveServer(limits: ServerLimits(maxTextCharacters: 10)) { client, _ in
            let ok = try await client.post("/api/attention", body: #"{"text": "0123456789"}"#)
            #expect(ok.status == .ok)
            let long = try await client.post("/api/attention", body: #"{"text": "0123456789a"}"#)
            #expect(long.status == .badRequest)
            #expect(errorMessage(long) == "text has 11 characters; the limit is 10")
            let longPair = try await client.post("/api/attention", body: #"{"text": "a", "pair": "武汉市长江大桥武汉市长"}"#)
            #expect(longPair.status == .badRequest)
            #expect(errorMessage(longPair) == "pair has 11 characters; the limit is 10")
        }
    }

    @Test func bodyLargerThanTheLimitIs413() async throws {
        try await withLiveServer(limits: ServerLimits(maxJSONBytes: 1000)) { client, _ in
            let padding = String(repeating: " ", count: 2000)
            let response = try await client.post("/api/attention", body: #"{"text": "hi"\#(padding)}"#)
            #expect(response.status == .contentTooLarge)
            #expect(errorStatus(response) == 413)
            #expect(errorMessage(response).contains("limit of 1000 bytes"))
            // The connection and the server are still fine.
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test func bodyWithoutContentLengthIsCutAtTheLimit() async throws {
        try await withLiveServer(limits: ServerLimits(maxJSONBytes: 1000)) { client, _ in
            let port = try #require(client.port)
            // Chunked transfer: no Content-Length to reject up front.
            let reply = try await RawHTTP.exchange(port: port, request:
                "POST /api/attention HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "7d0\r\n" + String(repeating: " ", count: 2000) + "\r\n0\r\n\r\n")
            #expect(reply.hasPrefix("HTTP/1.1 413"), "\(reply.prefix(80))")
            #expect(reply.contains(#""status":413"#))
        }
    }

    @Test(arguments: [
        ("", "malformed JSON"),
        ("{", "malformed JSON"),
        ("[\"text\"]", "malformed JSON"),
        ("\"text\"", "malformed JSON"),
        ("{\"text\": \"a\"", "malformed JSON"),
        ("{\"text\": 'a'}", "malformed JSON"),
        ("{\"pair\": \"a\"}", "missing field \"text\""),
        ("{\"text\": 5}", "field \"text\" must be a string"),
        ("{\"text\": null}", "field \"text\" must be a string"),
        ("{\"text\": \"a\", \"pair\": [1]}", "field \"pair\" must be a string"),
        ("{\"text\": \"   \"}", "text is empty"),
        ("{\"text\": \"\\ud800\"}", "malformed JSON"),
    ])
    func malformedJSONIs400(body: String, message: String) async throws {
        try await withLiveServer { client, _ in
            let response = try await client.post("/api/attention", body: body)
            #expect(response.status == .badRequest, "\(body)")
            #expect(errorMessage(response).hasPrefix(message), "\(body): \(errorMessage(response))")
        }
    }

    @Test func invalidUTF8Is400() async throws {
        try await withLiveServer { client, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let bytes: [UInt8] = Array(#"{"text": ""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
            let response = try await client.execute(uri: "/api/attention", method: .post, headers: headers, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .badRequest)
            #expect(errorMessage(response).hasPrefix("malformed JSON"))
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        try await withLiveServer { client, _ in
            let response = try await client.post("/api/attention", body: #"{"text": "hi"}"#, contentType: "text/plain")
            #expect(response.status == .unsupportedMediaType)
            #expect(errorMessage(response) == "Content-Type must be application/json, not text/plain")
            let charset = try await client.post("/api/attention", body: #"{"text": "hi"}"#, contentType: "application/json; charset=utf-8")
            #expect(charset.status == .ok)
        }
    }

    /// While one request runs and two wait, more are refused with 429 and their bodies are let
    /// go: 32 refused JSON bodies of 1 MiB and 32 refused uploads of 8 MiB (288 MiB in all) leave
    /// this process's resident memory (the server runs in it) within 64 MiB of where it was, in
    /// at least one of up to three rounds. Keeping the refused bodies (or the work items that
    /// hold them) would add all 288 MiB in every round.
    @Test func fullQueueAnswers429AndMemoryDoesNotGrow() async throws {
        let gate = Gate()
        let limits = ServerLimits(maxJSONBytes: 2 << 20, maxUploadBytes: 8 << 20, maxTextCharacters: 1 << 21, workers: 1, queueCapacity: 2)
        try await ExclusiveMemoryUse.run {
            try await withLiveServer(limits: limits, model: FakeModel(gate: gate)) { client, server in
                let port = try #require(client.port)
                defer { gate.open() }
                // One running (held by the gate) and two waiting fill the server; started one by
                // one so none of them is refused.
                var held = [Task<String, any Error>]()
                for i in 0..<3 {
                    held.append(Task { try await RawHTTP.postJSON(port: port, path: "/api/attention", body: #"{"text": "held \#(i)"}"#) })
                    #expect(await eventually { gate.blocked == 1 && server.queue.currentStatistics.waiting == i })
                }
                for _ in 0..<5 {
                    let response = try await client.post("/api/attention", body: #"{"text": "one more"}"#)
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.retryAfter] == "1")
                    #expect(errorMessage(response).contains("2 requests are already waiting"))
                }
                let bigText = #"{"text": ""# + String(repeating: "a", count: 1 << 20) + #""}"#
                let bigFile = [UInt8](repeating: 0x20, count: 8 << 20)
                func refuseLargeBodies(_ count: Int) async throws {
                    for _ in 0..<count {
                        #expect(try await client.post("/api/attention", body: bigText).status == .tooManyRequests)
                        #expect(try await client.upload("big.json", bytes: bigFile).status == .tooManyRequests)
                    }
                }
                try await refuseLargeBodies(2)            // warm up allocator arenas and buffers
                // Other suites run in this process at the same time and move its resident set
                // too, so a round that grew may be retried; kept bodies would grow every round.
                var growths: [Double] = []
                for _ in 0..<3 {
                    MemoryTrimmer.trimNow()
                    let baseline = MemoryTests.residentMiB()
                    try await refuseLargeBodies(32)
                    MemoryTrimmer.trimNow()
                    growths.append(MemoryTests.residentMiB() - baseline)
                    if growths.last! < 64 { break }
                }
                print("LimitTests: resident memory grew \(growths.map { Int($0) }) MiB over rounds of 64 refused large bodies (288 MiB)")
                #expect(growths.min()! < 64, "resident memory grew \(growths) MiB over rounds of 288 MiB of refused bodies")
                #expect(server.queue.currentStatistics.rejected == 5 + 2 * (2 + 32 * growths.count))
                #expect(server.queue.currentStatistics.waiting == 2)
                // Health stays responsive while the queue is full.
                #expect(try await client.get("/healthz").status == .ok)
                gate.open()
                for task in held {
                    let reply = try await task.value
                    #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply.prefix(60))")
                }
                #expect(try await client.post("/api/attention", body: #"{"text": "after"}"#).status == .ok)
            }
        }
    }

    @Test func slowRequestTimesOutWith503AndLeavesTheQueue() async throws {
        let gate = Gate()
        let limits = ServerLimits(workers: 1, queueCapacity: 4, requestTimeout: .milliseconds(400))
        try await withLiveServer(limits: limits, model: FakeModel(gate: gate)) { client, server in
            let port = try #require(client.port)
            defer { gate.open() }
            let running = Task { try await RawHTTP.postJSON(port: port, path: "/api/attention", body: #"{"text": "slow"}"#) }
            #expect(await eventually { gate.blocked == 1 })
            let start = Date()
            let waiting = try await client.post("/api/attention", body: #"{"text": "queued"}"#)
            let elapsed = Date().timeIntervalSince(start)
            #expect(waiting.status == .serviceUnavailable)
            #expect(errorMessage(waiting).contains("longer than 400 ms"))
            // It waited for its timeout (not refused at once), and the 503 came from that timeout,
            // not from the worker freeing up: the slow job still holds it behind the closed gate.
            // (No upper bound on the time: a hang is the suite's time limit's business.)
            #expect(elapsed >= 0.3, "\(elapsed)")
            #expect(gate.blocked == 1, "the slow job no longer holds the worker")
            // The timed-out job was withdrawn, not left to run later.
            #expect(server.queue.currentStatistics.waiting == 0)
            #expect(server.queue.currentStatistics.cancelled >= 1)
            let first = try await running.value
            #expect(first.hasPrefix("HTTP/1.1 503"))
            gate.open()
            #expect(await eventually { server.queue.currentStatistics.running == 0 })
            #expect(try await client.post("/api/attention", body: #"{"text": "fine"}"#).status == .ok)
        }
    }

    @Test func slowClientBodyTimesOut() async throws {
        let limits = ServerLimits(requestTimeout: .milliseconds(300))
        try await withLiveServer(limits: limits) { client, _ in
            let port = try #require(client.port)
            // Promise 100 bytes, send 10, then stall.
            let reply = try await RawHTTP.exchange(port: port, request:
                "POST /api/attention HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\": \"", readTimeout: 5)
            #expect(reply.hasPrefix("HTTP/1.1 503"), "\(reply.prefix(80))")
        }
    }
}
