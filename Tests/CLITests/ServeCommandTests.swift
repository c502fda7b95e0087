import Foundation
import Testing
import TestSupport

/// `attnviz serve` as a process: binds loopback by default, warns on other addresses, shuts down
/// cleanly on SIGINT and SIGTERM, rejects bad options with one line.
@Suite(.serialized, .hangGuard) struct ServeCommandTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func servesOnLoopbackAndStopsCleanlyOnSignal(signal: Int32) async throws {
        let serve = try ServeProcess.start([])
        #expect(serve.baseURL.host == "127.0.0.1")
        let (status, body) = try await serve.get("/healthz")
        #expect(status == 200)
        #expect(String(decoding: body, as: UTF8.self).contains(#""status":"ok""#))
        // The upload directory the server made (named in its log) is removed on shutdown.
        let uploads = try #require(uploadDirectory(in: serve.log))
        #expect(FileManager.default.fileExists(atPath: uploads))
        let log = serve.log
        #expect(try serve.stop(signal: signal) == 0)
        #expect(log.contains("listening"))
        #expect(!log.contains("warning"))
        #expect(!FileManager.default.fileExists(atPath: uploads))
    }

    @Test func warnsWhenBindingBeyondLoopback() async throws {
        let serve = try ServeProcess.start(["--host", "0.0.0.0"])
        let log = serve.log
        #expect(try serve.stop() == 0)
        #expect(log.contains("warning") && log.contains("non-loopback"), "\(log)")
    }

    @Test func badOptionsAreOneLineErrors() throws {
        let result = try AttnvizProcess.run(["serve", "--port", "70000"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port must be between 0 and 65535"))
        let missing = try AttnvizProcess.run(["serve", "--model", "/nonexistent/model", "--port", "0"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("attnviz: /nonexistent/model"), "\(missing.stderr)")
        #expect(missing.stderr.split(separator: "\n").count == 1)
    }

    @Test func connectionLimitOptionsAreChecked() throws {
        for (arguments, message) in [
            (["--header-timeout", "0"], "--header-timeout must be between 0 and 3600 seconds"),
            (["--max-connections-per-client", "0"], "--max-connections-per-client must be between 1 and 256"),
            (["--max-connections-per-client", "257"], "--max-connections-per-client must be between 1 and 256"),
        ] {
            let result = try AttnvizProcess.run(["serve", "--port", "0"] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    /// The `uploads=PATH` metadata of the "listening" log line.
    private func uploadDirectory(in log: String) -> String? {
        guard let range = log.range(of: #"uploads=[^ \]\n]+"#, options: .regularExpression) else { return nil }
        return String(log[range].dropFirst("uploads=".count))
    }
}
