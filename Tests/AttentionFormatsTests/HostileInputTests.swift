import Foundation
import Testing
import Attention
@testable import AttentionFormats

/// The files that crashed attnviz or cost it gigabytes (issue "Hostile inputs"), kept in
/// Fuzz/regressions/ (made by `scripts/fixtures/make_hostile_inputs.py`, replayed by the fuzz
/// targets too): each now loads or fails with one clear line, and decompression never goes past
/// what the member's own header declares.
@Suite struct HostileInputTests {
    static let regressions = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")
    static func hostile(_ name: String) -> String { regressions.appendingPathComponent(name).path }

    /// Reads `path`, expecting a one-line `FormatError` naming it, and returns the problem.
    static func problem(reading path: String, options: AttentionReadOptions = .init()) -> String? {
        do {
            _ = try AttentionFile.read(path: path, options: options)
            return nil
        } catch {
            #expect(error.path == path)
            #expect(!error.problem.contains("\n"))
            return error.problem
        }
    }

    /// The error reading `path` throws, or `nil` when it loads.
    static func error(reading path: String, options: AttentionReadOptions = .init()) -> FormatError? {
        do {
            _ = try AttentionFile.read(path: path, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["NpzFuzz/tokens-negative-count-U5.npz", "NpzFuzz/tokens-negative-count-S5.npz", "NpzFuzz/tokens-negative-count-i8.npz"])
    func negativeTokenCountIsAnErrorNotACrash(_ name: String) {
        guard case .member(name: "tokens", .malformed)? = Self.error(reading: Self.hostile(name)) else {
            Issue.record("expected member \"tokens\" malformed, got \(String(describing: Self.error(reading: Self.hostile(name))))")
            return
        }
        let problem = Self.problem(reading: Self.hostile(name))
        #expect(problem?.contains("member \"tokens\"") == true, "\(problem ?? "loaded")")
        #expect(problem?.contains("negative dimension in shape [-") == true, "\(problem ?? "loaded")")
    }

    @Test func deeplyNestedShapeIsAnErrorNotAStackOverflow() {
        let problem = Self.problem(reading: Self.hostile("NpyHeaderFuzz/shape-nested-parens-100k.npy"))
        #expect(problem?.hasPrefix("malformed header: shape must hold integers") == true, "\(problem ?? "loaded")")
    }

    @Test func nestedShapeBuiltInMemoryAtAnyDepthFails() throws {
        // Depths from 2 (one nested tuple) to far beyond the old recursion limit, in a memory-held .npy.
        for depth in [2, 3, 50_000, 400_000] {
            var header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + String(repeating: "(", count: depth) + "1,), }"
            header += String(repeating: " ", count: 64 - (header.utf8.count + 13) % 64) + "\n"
            var data = Data(Npy.magic + [2, 0])
            let length = header.utf8.count
            data.append(contentsOf: (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) })
            data.append(contentsOf: Array(header.utf8))
            data.append(contentsOf: [UInt8](repeating: 0, count: 4))
            #expect(throws: FormatError.self) { try Npy.decode(data, path: "nested.npy") }
        }
    }

    @Test func trailingBytesAfterTheDeclaredDataAreNeverInflated() throws {
        // 16 bytes of data followed by 64 MiB of zeros: read within a 1 MiB budget, values intact.
        let data = try AttentionFile.read(path: Self.hostile("NpzFuzz/bomb-trailing-64MiB.npz"), options: .init(memoryLimit: 1 << 20))
        #expect(data.tensor.shape == TensorShape(layers: 1, heads: 1, queries: 2, keys: 2))
        #expect(try data.tensor.matrix(layer: 0, head: 0).values == [0.25, 0.75, 0.5, 0.5])
    }

    @Test func anHonestLargeMemberIsRefusedBeyondTheBudgetBeforeInflating() throws {
        let path = Self.hostile("NpzFuzz/bomb-zeros-64MiB.npz")
        guard case .member(name: "attention", .tooLarge)? = Self.error(reading: path, options: .init(memoryLimit: 32 << 20)) else {
            Issue.record("expected member \"attention\" over the budget")
            return
        }
        let problem = Self.problem(reading: path, options: .init(memoryLimit: 32 << 20))
        #expect(problem == "member \"attention\": shape [16, 16, 256, 256] '<f4' needs 67108864 bytes in memory, more than the 33554432-byte limit")
        // Without a budget it is what it declares: 64 MiB of zeros, read and checked.
        let data = try AttentionFile.read(path: path)
        #expect(data.tensor.shape == TensorShape(layers: 16, heads: 16, queries: 256, keys: 256))
        #expect(try data.tensor.matrix(layer: 15, head: 15).values.allSatisfy { $0 == 0 })
    }

    @Test func streamingDecodeMatchesWholeDecodeForEveryChunking() throws {
        // A float16 big-endian C-order member split at every chunk size, including sizes that cut
        // elements and the header in two, decodes to the same values as the whole-file decoder.
        let whole = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("base_f2_be_C_v2.npy")))
        let expected = try Npy.decode(whole, path: "whole").allValues()
        for chunk in [1, 2, 3, 5, 7, 11, 64, 127, 1000, whole.count] {
            var decoder = NpyChunkedDecoder(path: "x", purpose: .tensor, budget: nil)
            var offset = 0
            var wantsMore = true
            while offset < whole.count, wantsMore {
                let piece = whole.subdata(in: offset..<min(whole.count, offset + chunk))
                wantsMore = try decoder.consume(piece)
                offset += chunk
            }
            #expect(!wantsMore)
            #expect(try decoder.tensor().allValues() == expected, "chunk \(chunk)")
        }
    }

    @Test func aTruncatedMemberNamesWhatIsMissing() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("base_f4_le_C_v1.npy")))
        var decoder = NpyChunkedDecoder(path: "x.npz", purpose: .tensor, budget: nil)
        _ = try decoder.consume(whole.prefix(whole.count - 3))
        #expect(throws: FormatError.truncated(path: "x.npz", detail: "header claims [2, 3, 4, 5] <f4 = 480 bytes of data, the member holds 477")) {
            try decoder.tensor()
        }
    }
}

/// One memory limit bounds every reader: parsed JSON values, CSV/TSV cells and the safetensors
/// header count against it as they are read, so a document is refused as soon as it passes it.
@Suite struct MemoryLimitTests {
    static func write(_ text: String, _ name: String) throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let zeros = "[" + Array(repeating: "[" + Array(repeating: "0", count: 100).joined(separator: ",") + "]", count: 100).joined(separator: ",") + "]"

    @Test func jsonValuesCountAgainstTheLimit() throws {
        let path = try Self.write(Self.zeros, "zeros.json")
        // 10,101 values: fits 1 MiB (26,214 values at 40 bytes), not 100 KB (2,560 values).
        #expect(try AttentionFile.read(path: path, options: .init(memoryLimit: 1 << 20)).tensor.shape.elementCount == 10_000)
        let error = try #require(throws: FormatError.self) { try AttentionFile.read(path: path, options: .init(memoryLimit: 100 << 10)) }
        guard case .invalidJSON(path, let syntax) = error else {
            Issue.record("expected invalid JSON, got \(error)")
            return
        }
        #expect(syntax == JSONParser.SyntaxError(message: "more than 2560 values, the most a 102400-byte memory limit holds", line: 1, column: 5119))
        #expect(error.description == "\(path): invalid JSON at line 1, column 5119: more than 2560 values, the most a 102400-byte memory limit holds")
    }

    @Test func csvCellsCountAgainstTheLimit() throws {
        let rows = [",a,b,c"] + (0..<100).map { "q\($0),0.5,0.25,0.25" }
        let path = try Self.write(rows.joined(separator: "\n") + "\n", "t.csv")
        #expect(try AttentionFile.read(path: path, options: .init(memoryLimit: 1 << 20)).tensor.shape.queries == 100)
        #expect(throws: FormatError.tooLarge(path: path, detail: "more than 32 cells by line 9, the most a 1024-byte memory limit holds")) {
            try AttentionFile.read(path: path, options: .init(memoryLimit: 1024))
        }
    }

    @Test func safetensorsHeaderCountsAgainstTheLimit() throws {
        let path = Fixtures.path("dtypes.safetensors")
        _ = try SafetensorsFile(path: path, memoryLimit: 1 << 20)
        let error = try #require(throws: FormatError.self) { try SafetensorsFile(path: path, memoryLimit: 200) }
        #expect(error.problem.hasPrefix("malformed header: invalid JSON at line 1"), "\(error.problem)")
        #expect(error.problem.hasSuffix("more than 5 values, the most a 200-byte memory limit holds"), "\(error.problem)")
    }
}
