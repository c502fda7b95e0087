import Foundation

/// Paths of the committed fixtures (made by scripts/fixtures/make_runtime_goldens.py) and of the
/// MiniLM model (fetched by scripts/fetch-model).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func path(_ name: String) -> String { directory + "/" + name }

    static var gpt2Tiny: String { path("gpt2-tiny") }

    /// The MiniLM folder: `ATTNVIZ_MODEL_CACHE` or `~/.cache/attnviz/models`, as scripts/fetch-model uses.
    static var miniLM: String {
        let cache = ProcessInfo.processInfo.environment["ATTNVIZ_MODEL_CACHE"]
            ?? (NSHomeDirectory() + "/.cache/attnviz/models")
        return cache + "/all-MiniLM-L6-v2"
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
