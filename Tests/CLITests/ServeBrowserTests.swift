import Foundation
import Testing

/// `attnviz serve --model MiniLM` in real headless Chromium (Tests/Browser/serve_check.py):
/// type a sentence, the explorer's head view draws with the tokenizer's tokens, a sentence pair,
/// an upload through the file picker; zero console errors, no request to another origin.
@Suite(.serialized) struct ServeBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static var venvPython: String {
        let venv = ProcessInfo.processInfo.environment["ATTNVIZ_VENV"] ?? (NSHomeDirectory() + "/.cache/attnviz/venv")
        return venv + "/bin/python"
    }

    /// The MiniLM folder printed by scripts/fetch-model (`make test` fetches it first).
    static var miniLM: String {
        let process = Process()
        process.executableURL = AttnvizProcess.packageRoot.appendingPathComponent("scripts/fetch-model")
        let pipe = Pipe()
        process.standardOutput = pipe
        if (try? process.run()) != nil {
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let path = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus == 0, !path.isEmpty { return path }
        }
        return NSHomeDirectory() + "/.cache/attnviz/models/all-MiniLM-L6-v2"
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium chromium-driver)"))
    func typeASentenceAndSeeTheHeadView() async throws {
        let model = Self.miniLM
        let directory = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let upload = directory.appendingPathComponent("gperes.json")
        let document = #"{"tokens": ["武", "汉", "</script>"], "attention": [[0.5, 0.25, 0.25], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]]}"#
        try Data(document.utf8).write(to: upload)

        let serve = try ServeProcess.start(["--model", model])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.venvPython)
        var arguments = [
            AttnvizProcess.packageRoot.appendingPathComponent("Tests/Browser/serve_check.py").path,
            serve.baseURL.absoluteString, "--model", model, "--upload", upload.path,
        ]
        if let shots = ProcessInfo.processInfo.environment["ATTNVIZ_SCREENSHOTS"] { arguments += ["--screenshots", shots] }
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let log = serve.log
        let exit = try serve.stop()
        #expect(process.terminationStatus == 0, "\(text)\n--- server log ---\n\(log)")
        #expect(text.contains("all serve browser checks passed"), "\(text)")
        #expect(exit == 0)
    }
}
