import Foundation
import Testing
import TestSupport
import Attention
@testable import AttentionFormats

@Suite(.hangGuard) struct SafetensorsTests {  // safetensors cross-check in a child process
    @Test func listsEveryTensorWithDtypeShapeAndRange() throws {
        let file = try SafetensorsFile(path: Fixtures.path("dtypes.safetensors"))
        #expect(Set(file.names) == ["f16", "f32", "f64", "ids"])
        #expect(file.tensors["f16"]?.dtype == "F16")
        #expect(file.tensors["f64"]?.shape == [2, 3, 4, 5])
        #expect(file.tensors["ids"]?.dtype == "I64")
        #expect(file.tensors["ids"]?.scalarType == nil)
        #expect(file.tensors["f32"]?.byteRange.count == 120 * 4)
        #expect(file.tensors["ids"]?.byteRange.count == 5 * 8)
    }

    @Test(arguments: [("f16", "f2"), ("f32", "f4"), ("f64", "f8")])
    func decodesFloatDtypes(_ name: String, _ key: String) throws {
        let file = try SafetensorsFile(path: Fixtures.path("dtypes.safetensors"))
        let tensor = try file.tensor(named: name)
        #expect(tensor.shape == Fixtures.baseShape)
        if case .mapped = tensor.storage {} else { Issue.record("expected mapped storage") }
        #expect(tensor.flat == (try Fixtures.expected(key)))
        #expect(try file.floats(named: name) == (try Fixtures.expected(key)))
    }

    @Test func decodesBF16WithTokensFromMetadata() throws {
        let data = try AttentionFile.read(path: Fixtures.path("bf16.safetensors"))
        #expect(data.tensor.storedScalarType == .bfloat16)
        #expect(data.tensor.flat == (try Fixtures.expected("bf16")))
        // Shape [2,3,4,5]: 4 query tokens, 5 key tokens.
        #expect(data.queryTokens == ["a", "b", "c", "d"])
        #expect(data.keyTokens == ["a", "b", "c", "d", "e"])
    }

    @Test func rawBytesAreTheStoredLittleEndianData() throws {
        let file = try SafetensorsFile(path: Fixtures.path("dtypes.safetensors"))
        let ids: [Int64] = try file.withRawBytes(of: "ids") { raw in
            (0..<5).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
        #expect(ids == [0, 1, 2, 3, 4])
    }

    @Test func integerTensorIsAnUnsupportedDtype() throws {
        let error = try #require(throws: FormatError.self) {
            try AttentionFile.read(path: Fixtures.path("dtypes.safetensors"), options: .init(tensorName: "ids"))
        }
        guard case .unsupportedDType(_, "I64", _) = error else {
            Issue.record("expected an unsupported dtype I64, got \(error)")
            return
        }
        #expect(error.problem.contains("unsupported dtype I64"))
        let ambiguous = try #require(throws: FormatError.self) { try AttentionFile.read(path: Fixtures.path("dtypes.safetensors")) }
        guard case .ambiguousTensor(let path, let candidates) = ambiguous else {
            Issue.record("expected an ambiguous tensor, got \(ambiguous)")
            return
        }
        #expect(path == Fixtures.path("dtypes.safetensors"))
        #expect(candidates.count > 1)
    }

    @Test func writtenFileReadsBackWithTokensAndPythonAgrees() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("seed.safetensors").path
        try Safetensors.write(SeedExample.data, to: out)
        let back = try AttentionFile.read(path: out)
        #expect(back.queryTokens == SeedExample.tokens)
        #expect(back.keyTokens == SeedExample.tokens)
        #expect(try back.tensor.matrix(layer: 0, head: 0) == SeedExample.matrix)
        let report = try Fixtures.python("""
            import sys, json
            from safetensors import safe_open
            with safe_open(sys.argv[1], "np") as f:
                a = f.get_tensor("attention")
                print(a.dtype, a.shape, json.loads(f.metadata()["tokens"]) == list("武汉市长江大桥"), float(a[0, 2]), float(a[3, 3]))
            """, [out])
        #expect(report.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 (7, 7) True 1.0 0.25")
    }

    /// `token_bytes` (raw bytes of tokens holding part of a character) round-trips; a list that
    /// does not fit the tokens, or is not hex bytes, is dropped rather than shown wrong.
    @Test func tokenBytesRoundTripAndMisfitsAreDropped() throws {
        let tensor = try AttentionTensor(shape: [1, 1, 3, 3], values: [1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5])
        var data = try AttentionData(tensor: tensor, queryTokens: ["a", "🙂", "🙂"], keyTokens: ["a", "🙂", "🙂"])
        data.setTokenBytes(["", "f0 9f", "99 82"])
        #expect(data.tokenBytes == ["", "f0 9f", "99 82"])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("b.safetensors").path
        try Safetensors.write(data, to: out)
        #expect(try AttentionFile.read(path: out).tokenBytes == ["", "f0 9f", "99 82"])
        for misfit in [["", "f0 9f"], ["", "", ""], ["", "F0 9F", "99 82"], ["", "f0 9", "99 82"], ["", "f0  9f", "99 82"],
                       ["", "<b>", "99 82"], ["", String(repeating: "ab ", count: 64) + "cd", "99 82"]] {
            var other = data
            other.setTokenBytes(misfit)
            #expect(other.tokenBytes == nil, "\(misfit) should be dropped")
        }
        var wide = data
        wide.setTokenBytes(["", String(repeating: "ab ", count: 63) + "cd", "99 82"])
        #expect(wide.tokenBytes != nil, "64 bytes fit")
    }
}
