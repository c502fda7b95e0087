import Foundation
import Testing
import Attention
@testable import AttentionFormats

@Suite struct AtomicFileTests {
    @Test func writesAndReplacesWithoutLeavingTemporaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sub/out.txt").path
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path)
        #expect(entries == ["out.txt"])
    }

    @Test func reportsTheFileWhenTheDirectoryCannotBeCreated() throws {
        #expect(throws: FormatError.self) { try AtomicFile.write("x", to: "/proc/no/such/dir/out.txt") }
    }
}
