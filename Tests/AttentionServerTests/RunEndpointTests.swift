import Attention
import AttentionFormats
import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
import TransformerRuntime

/// `/api/runs`: the run list, a run's description, and per head its tiles (bytes, headers,
/// values equal to the engine's), range, rows, columns and top keys; 400 naming the bad
/// parameter, 404 for unknown runs; cached tiles come back identical.
struct RunEndpointTests {
    static let fixture = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/tiles/window-gqa.safetensors")

    static func runs() throws -> RunStore {
        let store = RunStore()
        let data = try AttentionFile.read(path: fixture)
        try store.add(ServedRun(id: "file", title: "window-gqa.safetensors", data: data))
        return store
    }

    /// Little-endian 32-bit words.
    static func words(_ bytes: ArraySlice<UInt8>) -> [UInt32] {
        stride(from: bytes.startIndex, to: bytes.endIndex, by: 4).map { i in
            var word = UInt32(bytes[i])
            word |= UInt32(bytes[i + 1]) << 8
            word |= UInt32(bytes[i + 2]) << 16
            word |= UInt32(bytes[i + 3]) << 24
            return word
        }
    }

    static func floats(_ body: ByteBuffer) -> [Float] { words(Array(Data(buffer: body))[...]).map(Float.init(bitPattern:)) }

    static func int32s(_ bytes: ArraySlice<UInt8>) -> [Int32] { words(bytes).map(Int32.init(bitPattern:)) }

    @Test func listsAndDescribesTheRun() async throws {
        let runs = try Self.runs()
        try await withLiveServer(runs: runs) { client, _ in
            let list = try await client.get("/api/runs")
            #expect(list.status == .ok)
            #expect(jsonObject(list)["runs"] as? [String] == ["file"])
            let response = try await client.get("/api/runs/file")
            #expect(response.status == .ok)
            let run = jsonObject(response)
            #expect(run["format"] as? String == "attnviz-run/1")
            #expect(run["id"] as? String == "file" && run["title"] as? String == "window-gqa.safetensors")
            #expect(run["shape"] as? [Int] == [2, 4, 37, 37])
            #expect((run["queryTokens"] as? [String])?.first == "<s>" && (run["keyTokens"] as? [String])?.count == 37)
            #expect(run["tileSize"] as? Int == 256 && run["topLevel"] as? Int == 0)
            #expect(run["factored"] as? Bool == true && run["causal"] as? Bool == true && run["kvGroupSize"] as? Int == 2)
            #expect(run["sinkColumns"] as? [Int] == [0, 15, 20, 25, 30])
            let missing = try await client.get("/api/runs/nope")
            #expect(missing.status == .notFound && errorStatus(missing) == 404)
            #expect(errorMessage(missing).contains("no run nope"))
            let missingTile = try await client.get("/api/runs/nope/tile?layer=0&head=0&level=0&row=0&column=0")
            #expect(missingTile.status == .notFound)
        }
    }

    @Test func tilesAreTheEnginesBytesAndCached() async throws {
        let runs = try Self.runs()
        let engine = try #require(runs.run(id: "file")).engine
        try await withLiveServer(runs: runs) { client, server in
            let path = "/api/runs/file/tile?layer=1&head=3&level=0&row=0&column=0"
            let response = try await client.get(path)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            #expect(response.headers[.cacheControl] == "private, max-age=3600")
            #expect(response.body.readableBytes == 2 * 256 * 256 * 4)
            let values = Self.floats(response.body)
            let tile = try engine.tile(TileAddress(layer: 1, head: 3, level: 0, row: 0, column: 0))
            #expect(values.map(\.bitPattern) == (tile.max + tile.mean).map(\.bitPattern))
            #expect(values[0] > 0 && values[36] == 0 && values[37].isNaN && values[256 * 37].isNaN)
            let again = try await client.get(path)
            #expect(Data(buffer: again.body) == Data(buffer: response.body))
            #expect(server.tileCacheStatistics.hits >= 1 && server.tileCacheStatistics.entries >= 2)   // the tile and the head's summary
        }
    }

    @Test func headRowColumnAndTopKeys() async throws {
        let runs = try Self.runs()
        let engine = try #require(runs.run(id: "file")).engine
        try await withLiveServer(runs: runs) { client, _ in
            let head = try await client.get("/api/runs/file/head?layer=0&head=1")
            #expect(head.status == .ok)
            let summary = try engine.summary(layer: 0, head: 1)
            let json = jsonObject(head)
            #expect((json["max"] as? Double).map(Float.init) == summary.max)
            #expect((json["sinkMax"] as? Double).map(Float.init) == summary.sinkMax)
            #expect(json["min"] as? Double == 0)

            let row = try await client.get("/api/runs/file/row?layer=0&head=1&query=20")
            #expect(row.status == .ok && row.body.readableBytes == 37 * 4)
            #expect(Self.floats(row.body) == (try engine.row(layer: 0, head: 1, query: 20)))
            let column = try await client.get("/api/runs/file/column?layer=0&head=1&key=3")
            #expect(column.status == .ok && column.body.readableBytes == 37 * 4)
            #expect(Self.floats(column.body) == (try engine.column(layer: 0, head: 1, key: 3)))

            let top = try await client.get("/api/runs/file/topk?layer=1&head=2&k=3")
            #expect(top.status == .ok && top.body.readableBytes == 37 * 3 * 8)
            let bytes = Array(Data(buffer: top.body))
            let expected = try engine.topKeys(layer: 1, head: 2, k: 3)
            #expect(Self.int32s(bytes[0..<(37 * 12)]) == expected.indices)
            #expect(Array(Self.int32s(bytes[0..<12])) == [0, -1, -1])   // query 0 sees one key
            #expect(Self.words(bytes[(37 * 12)...]).map(Float.init(bitPattern:)) == expected.values)
        }
    }

    @Test func precomputingFillsTheCacheWithEveryTopTile() async throws {
        try await withLiveServer(runs: try Self.runs()) { client, server in
            server.startPrecomputing()
            #expect(await eventually { server.precomputingFinished })
            let filled = server.tileCacheStatistics
            #expect(filled.entries == 2 * 2 * 4, "a top-level tile and a summary for each of the 8 heads")
            let head = try await client.get("/api/runs/file/head?layer=1&head=3")
            let tile = try await client.get("/api/runs/file/tile?layer=1&head=3&level=0&row=0&column=0")
            #expect(head.status == .ok && tile.status == .ok)
            #expect(server.tileCacheStatistics.hits >= filled.hits + 2, "both answered from the cache")
        }
    }

    @Test func badParametersAreNamed() async throws {
        try await withLiveServer(runs: try Self.runs()) { client, _ in
            for (path, words) in [
                ("/api/runs/file/tile?layer=0&head=0&level=0&row=0", "column"),
                ("/api/runs/file/tile?layer=0&head=0&level=1&row=0&column=0", "level 1 is out of range 0...0"),
                ("/api/runs/file/tile?layer=0&head=0&level=0&row=1&column=0", "row 1 is out of range"),
                ("/api/runs/file/tile?layer=2&head=0&level=0&row=0&column=0", "layer 2 is out of range 0...1"),
                ("/api/runs/file/tile?layer=0&head=x&level=0&row=0&column=0", "head must be an integer"),
                ("/api/runs/file/head?layer=0&head=4", "head 4 is out of range 0...3"),
                ("/api/runs/file/row?layer=0&head=0&query=37", "query 37 is out of range 0...36"),
                ("/api/runs/file/column?layer=0&head=0&key=-1", "key -1 is out of range"),
                ("/api/runs/file/topk?layer=0&head=0&k=65", "k 65 is out of range 1...64"),
                ("/api/runs/file/topk?layer=0&head=0&k=0", "k 0 is out of range 1...64"),
            ] {
                let response = try await client.get(path)
                #expect(response.status == .badRequest, "\(path)")
                #expect(errorStatus(response) == 400 && errorMessage(response).contains(words), "\(path): \(errorMessage(response))")
            }
        }
    }
}
