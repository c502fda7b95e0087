import Foundation
import Testing
import TestSupport

/// `attnviz serve --file`: a factored fixture is served as run `file` for deep zoom.
@Suite(.serialized, .hangGuard) struct ServeFileTests {
    static let fixture = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/tiles/window-gqa.safetensors")

    @Test func servesTheFileAsARun() async throws {
        let serve = try ServeProcess.start(["--file", Self.fixture, "--tile-cache-mb", "4"])
        let port = try #require(serve.baseURL.port)
        let (status, body) = try await serve.get("/api/runs/file")
        #expect(status == 200)
        let run = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(run["title"] as? String == "window-gqa.safetensors")
        #expect(run["shape"] as? [Int] == [2, 4, 37, 37] && run["factored"] as? Bool == true)
        let list = try await serve.get("/api/runs")
        #expect(String(decoding: list.1, as: UTF8.self) == #"{"pending":[],"runs":["file"]}"#)
        let tile = try await ServeExchange.get(port: port, "/api/runs/file/tile?layer=1&head=2&level=0&row=0&column=0")
        #expect(tile.status == 200 && tile.header("Content-Length") == "\(2 * 256 * 256 * 4)", "\(tile.head)")
        #expect(tile.header("Cache-Control") == "private, max-age=3600")
        let bad = try await ServeExchange.get(port: port, "/api/runs/file/tile?layer=1&head=2&level=3&row=0&column=0")
        #expect(bad.status == 400 && bad.message.contains("level 3"), "\(bad.body)")
        let log = serve.log
        #expect(try serve.stop() == 0)
        #expect(log.contains("file loaded"), "\(log)")
    }

    @Test func servesADenseFileToo() async throws {
        let dense = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/tiles/window-gqa.dense.npy")
        let serve = try ServeProcess.start(["--file", dense])
        let port = try #require(serve.baseURL.port)
        let (status, body) = try await serve.get("/api/runs/file")
        #expect(status == 200)
        let run = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(run["factored"] as? Bool == false && run["kvGroupSize"] as? Int == 1 && run["causal"] as? Bool == false)
        #expect((run["keyTokens"] as? [String])?.prefix(3) == ["0", "1", "2"] && run["sinkColumns"] as? [Int] == [0])
        let head = try await ServeExchange.get(port: port, "/api/runs/file/head?layer=1&head=3")
        #expect(head.status == 200 && head.body.contains(#""min":0"#), "\(head.body)")
        #expect(try serve.stop() == 0)
    }

    @Test func unreadableFilesAndBadCacheSizesAreOneLineErrors() throws {
        let missing = try AttnvizProcess.run(["serve", "--port", "0", "--file", "/nonexistent/run.safetensors"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("attnviz: /nonexistent/run.safetensors"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let cache = try AttnvizProcess.run(["serve", "--port", "0", "--tile-cache-mb", "2000000"])
        #expect(cache.status != 0 && cache.stderr.contains("--tile-cache-mb must be between"), "\(cache.stderr)")
    }
}
