import Foundation
import Testing

@Suite struct DemoCommandTests {
    @Test func unknownSubcommandFailsWithUsage() throws {
        let result = try AttnvizProcess.run(["no-such-command"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Unexpected argument"))
    }

    @Test func demoWritesIntoTheOutputDirectory() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try AttnvizProcess.run(["demo", "--output", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("武"))
    }
}
