import Foundation
import Testing
import TestSupport

/// `attnviz heatmap --sink-keys`: with the first key left out of the colour range, the largest
/// other weight gets the colormap's top colour (YlOrRd's #800026) and the sink cells clip to it;
/// with `--renormalize-without-sinks` the sink column is 0 (the bottom colour, #ffffcc) and each
/// row is renormalised over the rest. Counted in the PNG's pixels (no colour bar).
@Suite(.hangGuard) struct SinkKeysCommandTests {
    /// Causal rows with a sink at key 0; the largest non-sink weight is 0.15 at [2, 2].
    static let document = #"{"tokens": ["<s>", "a", "b", "c"], "attention": [[1, 0, 0, 0], [0.9, 0.1, 0, 0], [0.8, 0.05, 0.15, 0], [0.7, 0.1, 0.1, 0.1]]}"#

    func pixels(_ flags: [String], in dir: URL, name: String) throws -> PNGPixels {
        let input = dir.appendingPathComponent("sink.json"), output = dir.appendingPathComponent("\(name).png")
        try Data(Self.document.utf8).write(to: input)
        let result = try AttnvizProcess.run(["heatmap", input.path, "-o", output.path, "--no-cbar"] + flags)
        #expect(result.status == 0, "\(flags): \(result.stderr)")
        return try PNGPixels(contentsOf: output)
    }

    @Test func sinksLeaveTheRangeOrTheRows() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let top = (UInt8(0x80), UInt8(0x00), UInt8(0x26)), bottom = (UInt8(0xff), UInt8(0xff), UInt8(0xcc))
        let plain = try pixels([], in: dir, name: "plain").positions(of: top, tolerance: 3).count
        let excluded = try pixels(["--sink-keys", "first"], in: dir, name: "excluded").positions(of: top, tolerance: 3).count
        // Plain: only the 1 at [0, 0] is the top colour. Excluded: the four sink cells (clipped)
        // and 0.15 at [2, 2]: five cells of the same size.
        #expect(plain > 100)
        #expect(abs(Double(excluded) / Double(plain) - 5) < 0.3, "top-colour pixels \(excluded) vs \(plain)")
        let renormalised = try pixels(["--sink-keys", "0", "--renormalize-without-sinks"], in: dir, name: "renorm")
        // Renormalised: [1, 1] becomes 1 (the only top cell); row 0 and column 0 become 0:
        // 4 + 3 cells of the bottom colour, plus [1, 2], [1, 3], [2, 3] (7 + 3 = 10 cells).
        let topCells = renormalised.positions(of: top, tolerance: 3).count, bottomCells = renormalised.positions(of: bottom, tolerance: 3).count
        #expect(abs(Double(topCells) / Double(plain) - 1) < 0.1, "\(topCells) vs \(plain)")
        #expect(abs(Double(bottomCells) / Double(plain) - 10) < 0.6, "\(bottomCells) bottom pixels vs one cell \(plain)")
    }

    @Test func misuseIsOneLine() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("sink.json")
        try Data(Self.document.utf8).write(to: input)
        for (flags, message) in [(["--sink-keys", "x"], "--sink-keys x: expected first, special"),
                                 (["--sink-keys", "0,1,2,3"], "selects every key"),
                                 (["--sink-keys", "9"], "no key of the matrix matches"),
                                 (["--renormalize-without-sinks"], "--renormalize-without-sinks needs --sink-keys")] {
            let result = try AttnvizProcess.run(["heatmap", input.path, "-o", dir.appendingPathComponent("x.png").path] + flags)
            #expect(result.status == 1 && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(flags): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.png").path))
        }
    }
}
