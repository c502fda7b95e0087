import Foundation
import Testing
import TestSupport

/// A run that fails never damages `-o`: the old file keeps its bytes and no temporary or partial
/// file is left beside it; an output that cannot be written at all is one stderr line naming it.
@Suite(.hangGuard) struct FailedWriteKeepsOldFileTests {
    static let matrix = #"{"a": {"a": 0.5, "b": 0.5}, "b": {"a": 0.2, "b": 0.8}}"#

    /// (command, output name) for every command that writes `-o` from an attention file.
    static let writers: [(String, String)] = [("heatmap", "out.png"), ("heatmap", "out.svg"), ("text", "out.html"), ("explore", "out.html")]

    @Test func badInputLeavesTheOldOutputByteForByte() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"a": {"a": 0.5, "b": "#.utf8).write(to: bad)   // truncated JSON
        for (command, name) in Self.writers {
            let out = dir.appendingPathComponent(name)
            let old = Data("previous \(command) output, must survive\n".utf8)
            try old.write(to: out)
            let result = try AttnvizProcess.run([command, bad.path, "-o", out.path])
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(try Data(contentsOf: out) == old, "\(command) -o \(name) changed the old file")
            #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["bad.json", name],
                    "\(command) left something behind")
            try FileManager.default.removeItem(at: out)
        }
    }

    /// The render succeeds and the temporary file is complete, but the final rename fails (the
    /// destination is a non-empty directory): the error names the path and the temporary is gone.
    @Test func failedRenameLeavesNoTemporaryFile() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("m.json")
        try Data(Self.matrix.utf8).write(to: input)
        for (command, name) in Self.writers {
            let out = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            try Data("keep".utf8).write(to: out.appendingPathComponent("inside.txt"))
            let result = try AttnvizProcess.run([command, input.path, "-o", out.path])
            #expect(result.status == 1, "\(command): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines.first?.hasPrefix("attnviz: \(out.path): cannot write: ") == true, "\(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["inside.txt"])
            #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["m.json", name],
                    "\(command) left a temporary file")
            try FileManager.default.removeItem(at: out)
        }
    }

    /// Paths no process can write, even as root: under a regular file, and in /proc.
    @Test func unwritableOutputIsOneLineNamingThePath() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("m.json")
        try Data(Self.matrix.utf8).write(to: input)
        let regular = dir.appendingPathComponent("regular-file")
        try Data("x".utf8).write(to: regular)
        for (command, name) in Self.writers {
            for (path, reason) in [(regular.appendingPathComponent(name).path, "Not a directory"),
                                   (regular.appendingPathComponent("sub/\(name)").path, "Not a directory"),
                                   ("/proc/attnviz-test-\(name)", "No such file or directory")] {
                let result = try AttnvizProcess.run([command, input.path, "-o", path])
                #expect(result.status == 1, "\(command) -o \(path)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr == "attnviz: \(path): cannot write: \(reason)\n", "\(command): \(result.stderr)")
            }
        }
        #expect(try Data(contentsOf: regular) == Data("x".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["m.json", "regular-file"])
    }
}
