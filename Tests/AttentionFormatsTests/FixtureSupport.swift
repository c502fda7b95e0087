import Foundation
import Attention
import AttentionFormats

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

    /// The venv Python with NumPy, when installed (ATTNVIZ_VENV overrides the venv directory).
    static var venvPython: String? {
        let venv = ProcessInfo.processInfo.environment["ATTNVIZ_VENV"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/attnviz/venv").path
        let python = venv + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// Runs a Python snippet with the venv interpreter, returning stdout.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: venvPython ?? "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

extension AttentionTensor {
    /// All values (for comparisons).
    var flat: [Float] { allValues() }
}
