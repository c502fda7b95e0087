import Attention
import AttentionFormats
import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import TestSupport
import TransformerRuntime

/// Runs started from the page and uploaded runs (`POST /api/attention` of a decoder's long text,
/// computed in the background after a 202, `POST /api/upload` of a `--keep qk` file or a file of
/// many weights): answered `{"run": id}` instead of a dense payload, served under fresh ids, the oldest dropped when the store is full;
/// their tiles are the attention's weights; short texts and encoders stay dense.
@Suite(.hangGuard) struct PageRunTests {
    static let llama = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/llama-tiny")
    static let encoder = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/distilbert-tiny")
    static let factoredFile = PackageRoot.path("Tests/AttentionFormatsTests/Fixtures/factored/causal-gqa.safetensors")
    static let factoredExpected = PackageRoot.path("Tests/AttentionFormatsTests/Fixtures/factored/causal-gqa.expected.npy")
    static let long = "The animal didn't cross the street because it was too tired."
    static let limits = ServerLimits(denseMaxTokens: 8)

    static func body(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: ["text": text])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// One head's level-0 tile at the origin as a `size × size` max plane, row-major.
    static func tileMax(_ client: any TestClientProtocol, run: String, layer: Int, head: Int) async throws -> [Float] {
        let response = try await client.get("/api/runs/\(run)/tile?layer=\(layer)&head=\(head)&level=0&row=0&column=0")
        #expect(response.status == .ok, "\(errorMessage(response))")
        let values = RunEndpointTests.floats(response.body)
        return Array(values.prefix(values.count / 2))
    }

    /// Polls `GET /api/runs/{id}` while it answers 202 (the run is computed in the background);
    /// the first other answer.
    static func whenReady(_ client: any TestClientProtocol, _ id: String) async throws -> TestResponse {
        let deadline = Date(timeIntervalSinceNow: 120)
        while true {
            let response = try await client.get("/api/runs/\(id)")
            if response.status != .accepted || Date() > deadline { return response }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Posts `text`, expects 202 naming a background run, and returns that answer once the run
    /// is served.
    static func startRun(_ client: any TestClientProtocol, _ text: String,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = try await client.post("/api/attention", body: Self.body(text))
        #expect(response.status == .accepted, "\(errorMessage(response))", sourceLocation: sourceLocation)
        let answer = jsonObject(response)
        let id = try #require(answer["run"] as? String, sourceLocation: sourceLocation)
        #expect(response.headers[.location] == "/api/runs/\(id)", sourceLocation: sourceLocation)
        let ready = try await whenReady(client, id)
        #expect(ready.status == .ok, "\(errorMessage(ready))", sourceLocation: sourceLocation)
        return answer
    }

    /// The plan comes from the tokens alone and agrees with what the run keeps; the run reports
    /// each layer as it finishes.
    @Test func planMatchesTheRunAndProgressCountsLayers() throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let n = try model.attention(text: Self.long, pair: nil).data.tensor.shape.queries
        #expect(try model.plan(text: "Hi", pair: nil, denseMaxTokens: 8, maxRunTokens: 100) == .dense)
        let kept = try model.attention(text: Self.long, pair: nil, denseMaxTokens: 8, maxRunTokens: 100).data.tensor
        #expect(try model.plan(text: Self.long, pair: nil, denseMaxTokens: 8, maxRunTokens: 100)
                == .queriesAndKeys(tokens: n, bytes: kept.storedByteCount))
        #expect(try model.plan(text: Self.long, pair: nil, denseMaxTokens: n, maxRunTokens: 100) == .dense)
        #expect(throws: AttentionComputingError.invalidInput("text has \(n) tokens; this server runs at most 10 (--max-run-tokens)")) {
            try model.plan(text: Self.long, pair: nil, denseMaxTokens: 8, maxRunTokens: 10)
        }
        let encoder = try RuntimeAttentionModel(directory: Self.encoder)
        #expect(try encoder.plan(text: Self.long, pair: nil, denseMaxTokens: 2, maxRunTokens: 10) == .dense)
        let reports = Mutex([String]())
        let result = try model.attention(text: Self.long, pair: nil, denseMaxTokens: 8, maxRunTokens: 100) { done, layers in
            reports.withLock { $0.append("\(done)/\(layers)") }
        }
        #expect(result.data.tensor.factored != nil)
        #expect(reports.withLock { $0 } == ["1/2", "2/2"])
    }

    @Test func shortTextStaysDense() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        try await withLiveServer(limits: Self.limits, model: model) { client, server in
            let limits = try #require(jsonObject(try await client.get("/api/model"))["limits"] as? [String: Any])
            #expect(limits["denseMaxTokens"] as? Int == 8 && limits["maxRunTokens"] as? Int == 8_192)
            #expect(limits["keepsQueriesAndKeys"] as? Bool == true)
            let response = try await client.post("/api/attention", body: Self.body("Hi"))
            #expect(response.status == .ok, "\(errorMessage(response))")
            let answer = jsonObject(response)
            #expect(answer["run"] == nil && answer["attention"] is [String: Any])
            #expect(server.runs.ids.isEmpty)
        }
    }

    /// A long run answers 202 at once and is computed with nobody waiting: a forward pass longer
    /// than `--timeout` is served all the same, and `GET /api/runs/{id}` tells how far it is.
    @Test func aRunLongerThanTheRequestTimeoutIsComputedInTheBackground() async throws {
        let gate = Gate()
        let model = GatedModel(base: try RuntimeAttentionModel(directory: Self.llama), gate: gate, afterLayers: 1)
        var limits = Self.limits
        limits.requestTimeout = .milliseconds(400)
        try await withLiveServer(limits: limits, model: model) { client, server in
            defer { gate.open() }
            let response = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(response.status == .accepted, "\(errorMessage(response))")
            let answer = jsonObject(response)
            #expect(answer["run"] as? String == "r1" && answer["state"] as? String == "waiting")
            #expect(await eventually { gate.blocked == 1 }, "the forward pass should be held after its first layer")
            let pending = try await client.get("/api/runs/r1")
            #expect(pending.status == .accepted)
            let status = jsonObject(pending)
            #expect(status["state"] as? String == "running" && status["layersDone"] as? Int == 1)
            #expect(status["shape"] as? [Int] == answer["shape"] as? [Int] && status["title"] as? String == Self.long)
            #expect(jsonObject(try await client.get("/api/runs"))["pending"] as? [String] == ["r1"])
            #expect(jsonObject(try await client.get("/healthz"))["pendingRuns"] as? Int == 1)
            let tile = try await client.get("/api/runs/r1/tile?layer=0&head=0&level=0&row=0&column=0")
            #expect(tile.status == .conflict && errorMessage(tile).contains("still being computed"))
            // Longer than the request time limit, then the pass finishes and the run is served.
            try await Task.sleep(for: .milliseconds(600))
            #expect(server.runs.ids.isEmpty)
            gate.open()
            let ready = try await Self.whenReady(client, "r1")
            #expect(ready.status == .ok, "\(errorMessage(ready))")
            #expect(jsonObject(ready)["format"] as? String == "attnviz-run/1")
            let list = jsonObject(try await client.get("/api/runs"))
            #expect(list["runs"] as? [String] == ["r1"] && list["pending"] as? [String] == [])
        }
    }

    /// Nobody waits for a background run, so their number is bounded: beyond
    /// `maxPendingRuns` waiting or running, a long text is 429 until one is ready.
    @Test func pendingRunsAreBounded() async throws {
        let gate = Gate()
        let model = GatedModel(base: try RuntimeAttentionModel(directory: Self.llama), gate: gate)
        var limits = Self.limits
        limits.maxPendingRuns = 2
        try await withLiveServer(limits: limits, model: model) { client, server in
            defer { gate.open() }
            for i in 1...2 {
                #expect(try await client.post("/api/attention", body: Self.body(Self.long + " \(i)")).status == .accepted)
            }
            // The same text again follows its pending run instead of queueing another.
            let again = try await client.post("/api/attention", body: Self.body(Self.long + " 2"))
            #expect(again.status == .accepted && jsonObject(again)["run"] as? String == "r2")
            let refused = try await client.post("/api/attention", body: Self.body(Self.long + " 3"))
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] == "1")
            #expect(errorMessage(refused) == "busy: 2 runs are being computed already; retry when one is ready")
            gate.open()
            #expect(try await Self.whenReady(client, "r2").status == .ok)
            let answer = try await Self.startRun(client, Self.long + " 4")
            #expect(server.runs.ids.contains(answer["run"] as? String ?? "-"))
        }
    }

    @Test func longTextBecomesARunWhoseTilesAreItsWeights() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let dense = try model.attention(text: Self.long, pair: nil).data.tensor
        let n = dense.shape.queries
        #expect(n > 8 && dense.factored == nil)
        try await withLiveServer(limits: Self.limits, model: model) { client, _ in
            let answer = try await Self.startRun(client, Self.long)
            #expect(answer["run"] as? String == "r1" && answer["source"] as? String == "model")
            #expect(answer["tokens"] as? Int == n && answer["shape"] as? [Int] == [2, 4, n, n])
            #expect(answer["factored"] as? Bool == true && answer["attention"] == nil)
            #expect(answer["title"] as? String == Self.long)
            #expect(jsonObject(try await client.get("/api/runs"))["runs"] as? [String] == ["r1"])
            let run = jsonObject(try await client.get("/api/runs/r1"))
            #expect(run["format"] as? String == "attnviz-run/1" && run["factored"] as? Bool == true)
            #expect(run["causal"] as? Bool == true && run["kvGroupSize"] as? Int == 2)
            #expect((run["queryTokens"] as? [String])?.count == n)
            // Every weight of two heads, computed from queries and keys, against the forward
            // pass that kept every weight.
            for (layer, head) in [(0, 0), (1, 3)] {
                let tile = try await Self.tileMax(client, run: "r1", layer: layer, head: head)
                var worst: Float = 0
                for q in 0..<n { for k in 0..<n {
                    worst = max(worst, abs(tile[q * 256 + k] - dense.value(layer: layer, head: head, query: q, key: k)))
                } }
                #expect(worst < 1e-5, "layer \(layer) head \(head): largest difference \(worst)")
            }
        }
    }

    @Test func theOldestPageRunIsDroppedNeverTheFile() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let runs = RunStore(capacity: 3)
        try runs.add(ServedRun(id: "file", title: "causal-gqa.safetensors", data: AttentionFile.read(path: Self.factoredFile)))
        try await withLiveServer(limits: Self.limits, model: model, runs: runs) { client, _ in
            var held: [[String]] = []
            for i in 1...3 {
                let answer = try await Self.startRun(client, Self.long + " \(i)")
                #expect(answer["run"] as? String == "r\(i)")
                held.append(jsonObject(try await client.get("/api/runs"))["runs"] as? [String] ?? [])
            }
            #expect(held == [["file", "r1"], ["file", "r1", "r2"], ["file", "r2", "r3"]])
            let gone = try await client.get("/api/runs/r1")
            #expect(gone.status == .notFound && errorMessage(gone).contains("no run r1"))
            #expect(try await client.get("/api/runs/file").status == .ok)
        }
    }

    @Test func runsBeyondTheTokenOrMemoryLimitAreOneLine400s() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let n = try model.attention(text: Self.long, pair: nil).data.tensor.shape.queries
        var limits = Self.limits
        limits.maxRunTokens = 10
        try await withLiveServer(limits: limits, model: model) { client, server in
            let response = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(response.status == .badRequest)
            #expect(errorMessage(response) == "text has \(n) tokens; this server runs at most 10 (--max-run-tokens)")
            #expect(server.runs.ids.isEmpty)
        }
        try await withLiveServer(limits: Self.limits, model: model, runs: RunStore(droppableBytes: 1000)) { client, server in
            // Its size is known from its tokens: refused before the forward pass.
            let response = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(response.status == .badRequest)
            let message = errorMessage(response)
            #expect(message.hasPrefix("the run takes ") && message.hasSuffix("; the server keeps at most 1000 bytes of runs (--run-memory-mb)"), "\(message)")
            #expect(!message.contains("\n") && server.runs.ids.isEmpty)
        }
    }

    /// A run that fails after the 202 (here: the store is full of runs given at startup) answers
    /// its error at its id, and is not listed as pending.
    @Test func aBackgroundRunThatFailsAnswersItsErrorAtItsID() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let runs = RunStore(capacity: 1)
        try runs.add(ServedRun(id: "file", title: "causal-gqa.safetensors", data: AttentionFile.read(path: Self.factoredFile)))
        try await withLiveServer(limits: Self.limits, model: model, runs: runs) { client, server in
            let started = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(started.status == .accepted && jsonObject(started)["run"] as? String == "r1")
            let failed = try await Self.whenReady(client, "r1")
            #expect(failed.status == .serviceUnavailable)
            #expect(errorMessage(failed) == "the server holds 1 runs already: every one was given at startup", "\(errorMessage(failed))")
            let list = jsonObject(try await client.get("/api/runs"))
            #expect(list["runs"] as? [String] == ["file"] && list["pending"] as? [String] == [])
            let tile = try await client.get("/api/runs/r1/tile?layer=0&head=0&level=0&row=0&column=0")
            #expect(tile.status == .serviceUnavailable)
        }
    }

    /// A served run's description carries what the dense payload would: the bytes of tokens
    /// that hold part of a character (an emoji split by the byte-level tokenizer), for tooltips.
    @Test func aPageRunKeepsItsTokensAnnotations() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let text = Self.long + " 🙂 武汉"
        let dense = try model.attention(text: text, pair: nil)
        let bytes = try #require(dense.annotations.partialBytes)
        #expect(bytes.contains { !$0.isEmpty }, "the fixture's tokenizer should split the emoji: \(bytes)")
        try await withLiveServer(limits: Self.limits, model: model) { client, _ in
            _ = try await Self.startRun(client, text)
            let run = jsonObject(try await client.get("/api/runs/r1"))
            #expect(run["tokenBytes"] as? [String] == bytes)
            #expect(run["unknownSources"] == nil, "a byte-level tokenizer has no unknown tokens")
        }
    }

    /// A file's own token bytes (written by `attnviz run`) reach `serve --file`'s description.
    @Test func aFileRunsTokenBytesAreInItsDescription() async throws {
        let tensor = try AttentionTensor(shape: [1, 1, 3, 3], values: [1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5])
        var data = try AttentionData(tensor: tensor, queryTokens: ["a", "🙂", "🙂"], keyTokens: ["a", "🙂", "🙂"])
        data.setTokenBytes(["", "f0 9f", "99 82"])
        let runs = RunStore()
        try runs.add(ServedRun(id: "file", title: "b.safetensors", data: data))
        try await withLiveServer(runs: runs) { client, _ in
            let run = jsonObject(try await client.get("/api/runs/file"))
            #expect(run["tokenBytes"] as? [String] == ["", "f0 9f", "99 82"])
        }
    }

    @Test func encodersStayDense() async throws {
        let model = try RuntimeAttentionModel(directory: Self.encoder)
        try await withLiveServer(limits: ServerLimits(denseMaxTokens: 2), model: model) { client, server in
            let response = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(response.status == .ok, "\(errorMessage(response))")
            let answer = jsonObject(response)
            #expect(answer["run"] == nil && answer["attention"] is [String: Any])
            #expect(server.runs.ids.isEmpty)
        }
    }

    @Test func uploadedFactoredFileBecomesARun() async throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.factoredFile)))
        let expected = try AttentionFile.read(path: Self.factoredExpected).tensor
        let s = expected.shape
        try await withLiveServer { client, server in
            let response = try await client.upload("causal-gqa.safetensors", bytes: bytes)
            #expect(response.status == .ok, "\(errorMessage(response))")
            let answer = jsonObject(response)
            #expect(answer["run"] as? String == "u1" && answer["source"] as? String == "upload")
            #expect(answer["shape"] as? [Int] == s.dimensions && answer["factored"] as? Bool == true)
            #expect(answer["title"] as? String == "causal-gqa.safetensors" && answer["attention"] == nil)
            #expect(server.runs.ids == ["u1"])
            for head in 0..<s.heads {
                let tile = try await Self.tileMax(client, run: "u1", layer: s.layers - 1, head: head)
                var worst: Float = 0
                for q in 0..<s.queries { for k in 0..<s.keys {
                    worst = max(worst, abs(tile[q * 256 + k] - expected.value(layer: s.layers - 1, head: head, query: q, key: k)))
                } }
                #expect(worst < 1e-5, "head \(head): largest difference \(worst)")
            }
            // A second upload of the same file is a second run.
            let again = jsonObject(try await client.upload("causal-gqa.safetensors", bytes: bytes))
            #expect(again["run"] as? String == "u2")
        }
    }

    @Test func uploadOfManyWeightsBecomesARunAndFewStayDense() async throws {
        let tensor = try AttentionTensor(shape: [1, 2, 6, 6], values: (0..<72).map { Float($0 % 6 + 1) / 21 })
        let npy = [UInt8](Npy.encode(tensor))
        try await withLiveServer(limits: ServerLimits(denseMaxWeights: 72)) { client, _ in
            let dense = jsonObject(try await client.upload("a.npy", bytes: npy))
            #expect(dense["run"] == nil && dense["attention"] is [String: Any])
        }
        try await withLiveServer(limits: ServerLimits(denseMaxWeights: 71)) { client, server in
            let response = try await client.upload("a.npy", bytes: npy)
            #expect(response.status == .ok, "\(errorMessage(response))")
            let answer = jsonObject(response)
            #expect(answer["run"] as? String == "u1" && answer["factored"] as? Bool == false)
            let tile = try await Self.tileMax(client, run: "u1", layer: 0, head: 1)
            #expect(tile[2 * 256 + 3] == tensor.value(layer: 0, head: 1, query: 2, key: 3))
            #expect(server.runs.ids == ["u1"])
        }
    }

    @Test func aBrokenFactoredUploadIsAOneLine400() async throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.factoredFile)))
        try await withLiveServer { client, server in
            let response = try await client.upload("cut.safetensors", bytes: Array(bytes.prefix(bytes.count - 100)))
            #expect(response.status == .badRequest)
            #expect(errorMessage(response).hasPrefix("cut.safetensors: ") && !errorMessage(response).contains("\n"))
            #expect(server.runs.ids.isEmpty)
        }
    }
}
