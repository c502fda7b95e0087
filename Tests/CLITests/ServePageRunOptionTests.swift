import Foundation
import Testing
import TestSupport

/// `attnviz serve`'s options for runs started from the page: bad values are refused before the
/// server starts, naming the option; through the binary, a tiny Llama's long text becomes run r1 (202, computed in the background)
/// and a short one stays dense at the `--dense-max-tokens` given.
@Suite(.hangGuard) struct ServePageRunOptionTests {
    @Test(arguments: [
        (["--dense-max-tokens", "0"], "--dense-max-tokens must be at least 1"),
        (["--max-run-tokens", "0"], "--max-run-tokens must be at least 1"),
        (["--run-memory-mb", "16777217"], "--run-memory-mb must be between 0 and 16777216"),
    ])
    func badValuesAreRefused(_ arguments: [String], _ message: String) throws {
        let result = try AttnvizProcess.run(["serve", "--port", "0"] + arguments)
        #expect(result.status != 0 && result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func longTextBecomesARunAtTheGivenTokenCount() async throws {
        let model = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/llama-tiny")
        let serve = try ServeProcess.start(["--model", model, "--dense-max-tokens", "8"])
        defer { _ = try? serve.stop() }
        let long = try await ServeExchange.attention(port: serve.port, json: Array(#"{"text": "The animal didn't cross the street."}"#.utf8))
        #expect(long.status == 202 && long.body.contains(#""run":"r1""#) && !long.body.contains(#""attention""#), "\(long.body.prefix(300))")
        #expect(long.header("Location") == "/api/runs/r1", "\(long.head)")
        // Computed in the background: served once GET /api/runs/r1 stops answering 202.
        var ready = try await ServeExchange.get(port: serve.port, "/api/runs/r1")
        for _ in 0..<600 where ready.status == 202 {
            try await Task.sleep(for: .milliseconds(50))
            ready = try await ServeExchange.get(port: serve.port, "/api/runs/r1")
        }
        #expect(ready.status == 200 && ready.body.contains(#""format":"attnviz-run/1""#), "\(ready.body.prefix(300))")
        let short = try await ServeExchange.attention(port: serve.port, json: Array(#"{"text": "Hi"}"#.utf8))
        #expect(short.status == 200 && short.body.contains(#""attention""#) && !short.body.contains(#""run""#), "\(short.body.prefix(300))")
        let runs = try await ServeExchange.get(port: serve.port, "/api/runs")
        #expect(runs.body == #"{"pending":[],"runs":["r1"]}"#, "\(runs.body)")
    }
}
