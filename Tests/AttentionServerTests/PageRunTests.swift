import Attention
import AttentionFormats
import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import TransformerRuntime

/// Runs started from the page and uploaded runs (`POST /api/attention` of a decoder's long text,
/// `POST /api/upload` of a `--keep qk` file or a file of many weights): answered `{"run": id}`
/// instead of a dense payload, served under fresh ids, the oldest dropped when the store is full;
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

    @Test func runWhoseRequestTimedOutIsNotKept() async throws {
        let gate = Gate()
        let model = GatedModel(base: try RuntimeAttentionModel(directory: Self.llama), gate: gate)
        var limits = Self.limits
        limits.requestTimeout = .milliseconds(400)
        try await withLiveServer(limits: limits, model: model) { client, server in
            defer { gate.open() }
            let late = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(late.status == .serviceUnavailable, "\(errorMessage(late))")
            #expect(gate.blocked == 1, "the forward pass should still be held at the gate")
            // The pass finishes after its request gave up: nobody is told of the run, so it is
            // not kept (it would only push older runs out).
            gate.open()
            #expect(await eventually { server.queue.currentStatistics.running == 0 })
            #expect(server.runs.ids.isEmpty)
            let answered = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(answered.status == .ok, "\(errorMessage(answered))")
            #expect(jsonObject(answered)["run"] as? String == "r1")
            #expect(server.runs.ids == ["r1"])
        }
    }

    @Test func longTextBecomesARunWhoseTilesAreItsWeights() async throws {
        let model = try RuntimeAttentionModel(directory: Self.llama)
        let dense = try model.attention(text: Self.long, pair: nil).data.tensor
        let n = dense.shape.queries
        #expect(n > 8 && dense.factored == nil)
        try await withLiveServer(limits: Self.limits, model: model) { client, _ in
            let response = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(response.status == .ok, "\(errorMessage(response))")
            let answer = jsonObject(response)
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
            var answers: [[String: Any]] = []
            for i in 1...3 {
                let response = try await client.post("/api/attention", body: Self.body(Self.long + " \(i)"))
                #expect(response.status == .ok, "\(errorMessage(response))")
                answers.append(jsonObject(response))
            }
            #expect(answers.map { $0["run"] as? String } == ["r1", "r2", "r3"])
            #expect(answers.map { $0["dropped"] as? [String] } == [[], [], ["r1"]])
            #expect(jsonObject(try await client.get("/api/runs"))["runs"] as? [String] == ["file", "r2", "r3"])
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
            let response = try await client.post("/api/attention", body: Self.body(Self.long))
            #expect(response.status == .badRequest)
            let message = errorMessage(response)
            #expect(message.hasPrefix("the run takes ") && message.hasSuffix("; the server keeps at most 1000 bytes of runs (--run-memory-mb)"), "\(message)")
            #expect(!message.contains("\n") && server.runs.ids.isEmpty)
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
