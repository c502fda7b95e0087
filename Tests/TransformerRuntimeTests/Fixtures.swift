import Foundation

/// Paths of the committed fixtures (made by scripts/fixtures/make_runtime_goldens.py) and of the
/// MiniLM model (fetched by scripts/fetch-model).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func path(_ name: String) -> String { directory + "/" + name }

    static var gpt2Tiny: String { path("gpt2-tiny") }

    /// The MiniLM folder, as printed by scripts/fetch-model (which downloads it when missing;
    /// `make test` runs it before the tests).
    static let miniLM = fetchModel(nil, fallback: NSHomeDirectory() + "/.cache/attnviz/models/all-MiniLM-L6-v2")

    /// The SmolLM2-135M-Instruct Q4_1 GGUF (`scripts/fetch-model smollm2`).
    static let smolLM2 = fetchModel("smollm2", fallback: NSHomeDirectory() + "/.cache/attnviz/models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")

    /// The path scripts/fetch-model prints for `name` (downloading the model when missing).
    static func fetchModel(_ name: String?, fallback: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: packageRoot + "/scripts/fetch-model")
        process.arguments = name.map { [$0] } ?? []
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let path = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus == 0, !path.isEmpty { return path }
        } catch {}
        return fallback
    }

    static func json(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// The corpus lines (the file ends with a newline).
    static func corpus() throws -> [String] {
        let text = try String(contentsOfFile: path("tokenizer-corpus.txt"), encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
