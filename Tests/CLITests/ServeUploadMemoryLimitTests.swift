import Foundation
import Testing
import TestSupport

/// README: "The decoded values of one upload take at most 8 × the upload limit, shared by the
/// workers (256 MiB with the defaults); a file declaring more (such as a 1 MB `.npz` inflating
/// to 1 GiB) is refused with 400 before anything is allocated." Small compressed `.npz` files
/// (written by NumPy) declare exactly the limit and one column more.
@Suite(.serialized, .hangGuard) struct ServeUploadMemoryLimitTests {
    /// `np.savez_compressed` of zeros with each shape, in `dir`, keyed by "ROWSxCOLUMNS".
    static func npzFiles(_ shapes: [(Int, Int)], in dir: URL) throws -> [String: [UInt8]] {
        let python = try RequiredTool.venvPython()
        let script = "import numpy as np, sys\nfor a in sys.argv[2:]:\n    r, c = map(int, a.split('x'))\n"
            + "    np.savez_compressed(sys.argv[1] + '/' + a + '.npz', attention=np.zeros((r, c), np.float32))\n"
        let names = shapes.map { "\($0.0)x\($0.1)" }
        let result = try BoundedProcess.run(python, ["-c", script, dir.path] + names)
        try #require(result.status == 0, "\(result.stderr)")
        var files = [String: [UInt8]]()
        for name in names { files[name] = [UInt8](try Data(contentsOf: dir.appendingPathComponent("\(name).npz"))) }
        return files
    }

    static func upload(_ serve: ServeProcess, _ files: [String: [UInt8]], _ name: String) async throws -> ServeExchange.Reply {
        try await ServeExchange.upload(port: serve.port, name: "\(name).npz", body: try #require(files[name]))
    }

    @Test func limitIsEightTimesTheUploadLimitSharedByTheWorkers() async throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 2048 x 1024 float32 = 8 MiB exactly; one column more is 8,396,800 bytes.
        let files = try Self.npzFiles([(2048, 1024), (2048, 1025), (16384, 4097)], in: dir)
        #expect(files.values.allSatisfy { $0.count < 300_000 }, "the files are small; only what they declare is big")

        let one = try ServeProcess.start(["--max-upload-mb", "1"])
        let atLimit = try await Self.upload(one, files, "2048x1024")
        let over = try await Self.upload(one, files, "2048x1025")
        #expect(try one.stop() == 0)
        #expect(atLimit.status == 200, "\(atLimit.head) \(atLimit.message)")
        #expect(over.status == 400)
        #expect(over.message.hasSuffix("needs 8396800 bytes in memory, more than the 8388608-byte limit"), "\(over.message)")

        let shared = try ServeProcess.start(["--max-upload-mb", "1", "--workers", "2"])
        let halved = try await Self.upload(shared, files, "2048x1024")
        #expect(try shared.stop() == 0)
        #expect(halved.status == 400)
        #expect(halved.message.hasSuffix("needs 8388608 bytes in memory, more than the 4194304-byte limit"), "\(halved.message)")

        let defaults = try ServeProcess.start([])
        let big = try await Self.upload(defaults, files, "16384x4097")
        #expect(try defaults.stop() == 0)
        #expect(big.status == 400)
        #expect(big.message.hasSuffix("needs 268500992 bytes in memory, more than the 268435456-byte limit"), "\(big.message)")
    }
}
