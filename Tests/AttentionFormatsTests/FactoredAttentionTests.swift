import Attention
import AttentionFormats
import Foundation
import Testing

/// Factored attention files (`queries`, `keys`, `logsumexp` and the parameters in metadata):
/// every weight computed from them equals the attention NumPy computed in float64 from the same
/// stored vectors (`scripts/fixtures/make_factored_fixtures.py`: grouped-query heads, causal, a
/// sliding window on one layer; and F16 vectors with logit soft-capping).
@Suite struct FactoredAttentionTests {
    static func expected(_ name: String) throws -> AttentionTensor {
        try AttentionFile.read(path: Fixtures.path("factored/\(name).expected.npy")).tensor
    }

    @Test(arguments: ["causal-gqa", "softcap-f16"])
    func everyHeadEqualsNumPy(name: String) throws {
        let data = try AttentionFile.read(path: Fixtures.path("factored/\(name).safetensors"))
        let factored = try #require(data.tensor.factored, "the marked file reads as factored attention")
        #expect(factored.groupSize == 2)
        #expect(data.tensor.shape == TensorShape(layers: 2, heads: 4, queries: 12, keys: 12))
        #expect(data.queryTokens?.strings.first == "<s>" && data.keyTokens?.count == 12)
        let expected = try Self.expected(name)
        var worst: Float = 0
        for l in 0..<2 {
            for h in 0..<4 {
                let got = try data.tensor.matrix(layer: l, head: h).values
                let want = try expected.matrix(layer: l, head: h).values
                worst = max(worst, zip(got, want).map { abs($0 - $1) }.max() ?? 0)
                // Single values and blocks are the same numbers.
                #expect(abs(data.tensor.value(layer: l, head: h, query: 7, key: 3) - want[7 * 12 + 3]) < 2e-6)
                let block = try factored.block(layer: l, head: h, rows: 4..<9, columns: 2..<6)
                #expect(zip(block, (4..<9).flatMap { q in (2..<6).map { want[q * 12 + $0] } }).allSatisfy { abs($0 - $1) < 2e-6 })
            }
        }
        #expect(worst < 2e-6, "largest difference from NumPy \(worst)")
        // The masks: nothing above the diagonal; in the windowed layer nothing 4 or more back.
        let last = try data.tensor.matrix(layer: 1, head: 0)
        #expect(last.values[2 * 12 + 5] == 0)
        #expect(name != "causal-gqa" || last.values[11 * 12 + 7] == 0)
    }

    @Test func writtenFilesReadBackAsTheSameWeights() throws {
        let source = try #require(try AttentionFile.read(path: Fixtures.path("factored/causal-gqa.safetensors")).tensor.factored)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = try Self.expected("causal-gqa")
        for (precision, tolerance) in [(FactoredSafetensors.Precision.f32, Float(2e-6)), (.f16, 2e-2)] {
            let path = dir.appendingPathComponent("\(precision.rawValue).safetensors").path
            try FactoredSafetensors.write(source, tokens: Tokens((0..<12).map { "t\($0)" }), precision: precision, to: path)
            let back = try AttentionFile.read(path: path)
            #expect(back.tensor.factored?.parameters == source.parameters)
            #expect(back.tensor.storedScalarType == (precision == .f16 ? .float16 : .float32))
            #expect(back.queryTokens?.strings.last == "t11")
            let got = back.tensor.allValues(), want = expected.allValues()
            let worst = zip(got, want).map { abs($0 - $1) }.max() ?? 1
            #expect(worst < tolerance, "\(precision): largest difference \(worst)")
        }
    }

    /// Each broken file is one `malformed` error naming the file and the problem.
    @Test func brokenFactoredFilesAreOneClearError() throws {
        let source = try #require(try AttentionFile.read(path: Fixtures.path("factored/causal-gqa.safetensors")).tensor.factored)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, [(String, String)], String)] = [
            ("no-scale", [("scale", "")], "scale"),
            ("causal", [("causal", "maybe")], "causal"),
            ("windows", [("sliding_windows", "[4]")], "sliding windows for 2 layers"),
            ("window-zero", [("sliding_windows", "[0, 4]")], "sliding_windows"),
            ("cap", [("soft_cap", "-1")], "soft cap"),
        ]
        for (name, overrides, problem) in cases {
            let path = dir.appendingPathComponent("\(name).safetensors").path
            try Self.writeRaw(source, metadata: overrides, to: path)
            do {
                _ = try AttentionFile.read(path: path)
                Issue.record("\(name): read without error")
            } catch {
                #expect("\(error)".contains(path) && "\(error)".contains(problem), "\(name): \(error)")
            }
        }
    }

    /// A file claiming a million tokens (with head size 0, so it is tiny) is refused before any
    /// head is computed: one head would be 10¹² weights.
    @Test func aHeadLargerThanTheMemoryLimitIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 1_000_000
        let q = try AttentionTensor(shape: [1, 1, n, 0], values: []), k = q
        let huge = try FactoredAttention(queries: q, keys: k, logSumExp: [Float](repeating: 0, count: n), parameters: .init(scale: 1, causal: true))
        let path = dir.appendingPathComponent("huge.safetensors").path
        try FactoredSafetensors.write(huge, tokens: nil, to: path)
        do {
            _ = try AttentionFile.read(path: path, options: AttentionReadOptions(memoryLimit: 1 << 30))
            Issue.record("read a 10^12-weight head")
        } catch {
            #expect("\(error)".contains(path) && "\(error)".contains("over the memory limit"), "\(error)")
        }
    }

    /// A factored file whose metadata entries are replaced by `metadata` (an empty value drops it).
    static func writeRaw(_ f: FactoredAttention, metadata: [(String, String)], to path: String) throws {
        var data = FactoredSafetensors.encode(f, tokens: nil)
        let length = Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var header = try #require(try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any])
        var meta = try #require(header["__metadata__"] as? [String: String])
        for (key, value) in metadata { meta[key] = value.isEmpty ? nil : value }
        header["__metadata__"] = meta
        var text = String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self)
        text += String(repeating: " ", count: (8 - text.utf8.count % 8) % 8)
        let body = data.subdata(in: (8 + length)..<data.count)
        data = Data()
        withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(text.utf8))
        data.append(body)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
