import Foundation
import Testing
import TestSupport

/// Paths of the committed fixtures (made by scripts/fixtures/make_runtime_goldens.py) and of the
/// MiniLM model (fetched by scripts/fetch-model).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func path(_ name: String) -> String { directory + "/" + name }

    static var gpt2Tiny: String { path("gpt2-tiny") }

    /// The MiniLM folder (`scripts/fetch-model`; `make test` fetches it first). Not fetched: a
    /// failure under `make test`, a named skip under a bare `swift test` (RequiredModel).
    static var miniLM: String { get throws { try RequiredModel.miniLM.require() } }

    /// The SmolLM2-135M-Instruct Q4_1 GGUF (`scripts/fetch-model smollm2`), required the same way.
    static var smolLM2: String { get throws { try RequiredModel.smolLM2.require() } }

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
