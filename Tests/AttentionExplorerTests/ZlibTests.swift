import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

/// Our zlib streams are checked by an independent decoder: Python's zlib (the same library
/// Chromium's DecompressionStream uses); our inflate is checked against what it must refuse.
@Suite(.hangGuard) struct ZlibTests {
    /// Decompresses with `python`'s zlib; returns nil when it rejects the stream.
    static func inflate(_ bytes: [UInt8], python: String) throws -> [UInt8]? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-deflate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.z"), output = directory.appendingPathComponent("out.bin")
        try Data(bytes).write(to: input)
        let result = try BoundedProcess.run(
            python, ["-c", "import sys, zlib; open(sys.argv[2], 'wb').write(zlib.decompress(open(sys.argv[1], 'rb').read()))",
                     input.path, output.path])
        guard result.status == 0 else { return nil }
        return [UInt8](try Data(contentsOf: output))
    }

    static func cases() throws -> [(String, [UInt8])] {
        var rng = SyntheticAttention.SplitMix(state: 3)
        let random = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let skewed = (0..<200_000).map { _ in UInt8(min(255, Int(-log(Double(rng.unit()) + 1e-9) * 3))) }
        let runs = [UInt8](repeating: 0, count: 100_000) + [1, 2, 3] + [UInt8](repeating: 7, count: 70_000)
        let quantised = try QuantizedTensor(SyntheticAttention.tensor(layers: 2, heads: 4, tokens: 64), precision: .u8).bytes
        return [
            ("empty", []), ("one byte", [42]), ("two", [1, 1]), ("random", random), ("skewed", skewed),
            ("runs", runs), ("quantised attention", quantised), ("text", Array(String(repeating: "abcab", count: 9000).utf8)),
        ]
    }

    @Test func pythonZlibDecodesWhatWeCompress() throws {
        let python = try RequiredTool.python3(why: "its zlib is the independent decoder of our deflate streams")
        let cases = try Self.cases()
        for (name, input) in cases {
            for strategy in [Zlib.Strategy.filtered, .standard] {
                let compressed = Zlib.compress(input, strategy: strategy)
                let decoded = try Self.inflate(compressed, python: python)
                #expect(decoded == input, "\(name), \(strategy): zlib could not decode our stream")
                #expect(try Zlib.decompress(compressed, count: input.count) == input, "\(name), \(strategy): our inflate")
            }
        }
        let input = Dictionary(uniqueKeysWithValues: cases)
        let runs = try #require(input["runs"]), skewed = try #require(input["skewed"]), random = try #require(input["random"])
        #expect(Zlib.compress(runs).count < 600)
        #expect(Zlib.compress(skewed).count < skewed.count * 6 / 10)
        #expect(Zlib.compress(random).count < random.count + random.count / 50)
    }

    @Test func inflateRefusesCorruptTruncatedLongAndShortStreams() throws {
        let input = Array(String(repeating: "attention ", count: 5000).utf8)
        let stream = Zlib.compress(input)
        #expect(throws: AttentionError.self) { try Zlib.decompress(Array(stream.dropLast(5)), count: input.count) }
        #expect(throws: AttentionError.self) { try Zlib.decompress(stream, count: input.count - 1) }
        #expect(throws: AttentionError.self) { try Zlib.decompress(stream, count: input.count + 1) }
        #expect(throws: AttentionError.self) { try Zlib.decompress(stream + [0], count: input.count) }
        #expect(throws: AttentionError.self) { try Zlib.decompress([], count: 0) }
        var corrupt = stream
        corrupt[corrupt.count / 2] ^= 0xFF
        corrupt[corrupt.count - 1] ^= 0xFF  // the Adler-32 too, whatever the flipped byte did
        #expect(throws: AttentionError.self) { try Zlib.decompress(corrupt, count: input.count) }
    }
}
