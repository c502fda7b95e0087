import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

/// Deflate output is checked by an independent decoder: Python's zlib (the same library
/// Chromium's DecompressionStream uses).
@Suite(.timeLimit(.minutes(5))) struct DeflateTests {
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

    @Test func zlibDecodesWhatWeCompress() throws {
        let python = try RequiredTool.python3(why: "its zlib is the independent decoder of our deflate streams")
        var rng = SyntheticAttention.SplitMix(state: 3)
        let random = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let skewed = (0..<200_000).map { _ in UInt8(min(255, Int(-log(Double(rng.unit()) + 1e-9) * 3))) }
        let runs = [UInt8](repeating: 0, count: 100_000) + [1, 2, 3] + [UInt8](repeating: 7, count: 70_000)
        let quantised = try QuantizedTensor(SyntheticAttention.tensor(layers: 2, heads: 4, tokens: 64), precision: .u8).bytes
        let cases: [(String, [UInt8])] = [
            ("empty", []), ("one byte", [42]), ("two", [1, 1]), ("random", random), ("skewed", skewed),
            ("runs", runs), ("quantised attention", quantised), ("text", Array(String(repeating: "abcab", count: 9000).utf8)),
        ]
        for (name, input) in cases {
            let compressed = Deflate.zlib(input)
            let decoded = try Self.inflate(compressed, python: python)
            #expect(decoded == input, "\(name): zlib could not decode our stream")
        }
        #expect(Deflate.zlib(runs).count < 600)
        #expect(Deflate.zlib(skewed).count < skewed.count * 6 / 10)
        #expect(Deflate.zlib(random).count < random.count + random.count / 50)
    }

    @Test func adler32MatchesKnownValue() {
        // Adler-32 of "Wikipedia" is 0x11E60398.
        #expect(Deflate.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test func huffmanLengthsRespectTheLimitAndStayComplete() {
        // Fibonacci frequencies force a deep tree.
        var f = [1, 1]
        while f.count < 30 { f.append(f[f.count - 1] + f[f.count - 2]) }
        let lengths = HuffmanCode.lengths(f, maximum: 15)
        #expect(lengths.max() == 15)
        let kraft = lengths.filter { $0 > 0 }.reduce(0.0) { $0 + pow(2.0, -Double($1)) }
        #expect(abs(kraft - 1) < 1e-12)
        #expect(HuffmanCode.lengths([5, 1, 1, 0], maximum: 15) == [1, 2, 2, 0])
    }
}
