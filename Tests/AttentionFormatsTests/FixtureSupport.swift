import Foundation
import Attention
import AttentionFormats
import Testing
import TestSupport

/// Locates the committed fixtures (written by `scripts/fixtures/make_format_fixtures.py`) and the
/// expected values that script computed with NumPy, read with Foundation's JSON parser so the
/// goldens do not pass through the code under test.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Expected values per dtype key (`f2`, `f4`, `f8`, `bf16`) as Float32, C order.
    static func expected(_ key: String) throws -> [Float] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let values = object?[key] as? [NSNumber] ?? []
        return values.map { Float($0.doubleValue) }
    }

    static let baseShape = TensorShape(layers: 2, heads: 3, queries: 4, keys: 5)

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-formats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a Python snippet with the test venv's interpreter (NumPy, safetensors), returning
    /// stdout. A missing venv fails the test under `make test` and skips it by name otherwise
    /// (TestSupport's RequiredTool); a snippet that fails is a test failure with its stderr.
    static func python(_ script: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let python = try RequiredTool.venvPython(sourceLocation: sourceLocation)
        let result = try BoundedProcess.run(python, ["-c", script] + arguments)
        if let missing = result.stderr.split(separator: "\n").last(where: { $0.hasPrefix("ModuleNotFoundError") }) {
            try RequiredTool.missing("the test venv lacks a module (scripts/setup --test): \(missing)", sourceLocation: sourceLocation)
        }
        try #require(result.status == 0, "python cross-check failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdoutText
    }
}

extension AttentionTensor {
    /// All values (for comparisons).
    var flat: [Float] { allValues() }
}
