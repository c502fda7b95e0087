import AttentionFormats
import Foundation
import Testing
@testable import TransformerRuntime

/// Every dequantizer against gguf-py's NumPy `gguf.quants.dequantize` on the committed fixture
/// (scripts/fixtures/make_gguf_goldens.py): the same bits for every value, NaN payloads,
/// infinities, subnormals and signed zeros included. No tolerance: the block functions do the
/// same float32 operations in the same order as gguf-py and ggml.
struct GGUFDequantizeTests {
    static let gguf = Fixtures.path("gguf/types.gguf")
    static let expected = Fixtures.path("gguf/types-expected.safetensors")

    static let tensorNames = ["f32_3d", "f32_4d", "f16", "bf16", "q4_0", "q4_1", "q5_0", "q5_1", "q8_0",
                              "q2_k", "q3_k", "q4_k", "q5_k", "q6_k"]

    /// Indices where `a` and `b` differ as bit patterns.
    static func differences(_ a: [Float], _ b: [Float]) -> [Int] {
        guard a.count == b.count else { return [-1] }
        return a.indices.filter { a[$0].bitPattern != b[$0].bitPattern }
    }

    @Test func fixtureHoldsEverySupportedType() throws {
        let file = try GGUFFile(path: Self.gguf)
        #expect(Set(file.tensors.map(\.type)) == Set(GGMLType.dequantizable))
        #expect(file.tensors.map(\.name) == Self.tensorNames)
    }

    @Test(arguments: tensorNames)
    func matchesGGUFPyBitForBit(name: String) throws {
        let file = try GGUFFile(path: Self.gguf)
        let reference = try SafetensorsFile(path: Self.expected)
        let tensor = try #require(file.tensor(named: name))
        #expect(tensor.shape == reference.tensors[name]?.shape)
        let want = try reference.floats(named: name)
        let got = try file.floats(tensor)
        let wrong = Self.differences(got, want)
        #expect(wrong.isEmpty, "\(name): \(wrong.count) values differ, first at \(wrong.first ?? 0): \(wrong.first.map { got[$0] } ?? 0) vs \(wrong.first.map { want[$0] } ?? 0)")
    }

    @Test(arguments: tensorNames)
    func rowRangesAreSlicesOfTheWhole(name: String) throws {
        let file = try GGUFFile(path: Self.gguf)
        let tensor = try #require(file.tensor(named: name))
        let whole = try file.floats(tensor)
        let width = tensor.rowLength
        for rows in [0..<1, 1..<tensor.rowCount, (tensor.rowCount - 1)..<tensor.rowCount, 2..<2] {
            let part = try file.floats(tensor, rows: rows)
            #expect(Self.differences(part, Array(whole[(rows.lowerBound * width)..<(rows.upperBound * width)])).isEmpty)
        }
    }

    @Test func dequantizeWritesIntoACallersBuffer() throws {
        let file = try GGUFFile(path: Self.gguf)
        let tensor = try #require(file.tensor(named: "q4_k"))
        var scratch = [Float](repeating: .nan, count: tensor.elementCount + 5)
        try scratch.withUnsafeMutableBufferPointer { try file.dequantize(tensor: tensor, into: $0) }
        #expect(Self.differences(Array(scratch[0..<tensor.elementCount]), try file.floats(tensor)).isEmpty)
        #expect(scratch[tensor.elementCount...].allSatisfy { $0.isNaN })

        var small = [Float](repeating: 0, count: 10)
        #expect(throws: RuntimeError.self) {
            try small.withUnsafeMutableBufferPointer { try file.dequantize(tensor: tensor, into: $0) }
        }
        #expect(throws: RuntimeError.self) { try file.floats(tensor, rows: 2..<4) }
    }

    @Test func weightBuffersBorrowF32AndDequantizeTheRest() throws {
        let file = try GGUFFile(path: Self.gguf)
        let reference = try SafetensorsFile(path: Self.expected)
        for name in ["f32_3d", "q6_k", "bf16"] {
            let tensor = try #require(file.tensor(named: name))
            let buffer = try file.weights(name, shape: tensor.shape)
            let values = Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
            #expect(Self.differences(values, try reference.floats(named: name)).isEmpty, "\(name)")
        }
        #expect(throws: RuntimeError.missingWeight(path: Self.gguf, tensor: "nope")) { try file.weights("nope", shape: [1]) }
        #expect(throws: RuntimeError.self) { try file.weights("q6_k", shape: [512, 3]) }
    }

    /// Tensors from another file are refused rather than read at the wrong place.
    @Test func foreignTensorInfoIsRefused() throws {
        let file = try GGUFFile(path: Self.gguf)
        let q8 = try #require(file.tensor(named: "q8_0"))
        let other = try #require(file.tensor(named: "q4_0"))
        let forged = try GGUFTensorInfo(name: "q4_0", dimensions: [128, 4], type: .q8_0,
                                        offset: UInt64(q8.byteRange.lowerBound - file.dataStart),
                                        dataStart: file.dataStart, alignment: 64, fileSize: file.file.count, path: "x")
        #expect(forged != other)
        #expect(throws: RuntimeError.self) { try file.floats(forged) }
    }

    /// A hand-made block of every K-quant type with known fields, checked against the formulas in
    /// the doc comments (independent of the fixture).
    @Test func q4KBlockByHand() {
        var block = [UInt8](repeating: 0, count: Q4_KBlock.byteCount)
        // d = 1.0 (0x3C00), dmin = 0.5 (0x3800)
        block[0] = 0x00; block[1] = 0x3C; block[2] = 0x00; block[3] = 0x38
        block[4] = 2        // scale of sub-block 0
        block[8] = 3        // min of sub-block 0
        block[12] = 0x75    // sub-block 4: scale low 5, min low 7
        block[4 + 0] |= 0x40  // scale 4 high bits: 1 → 16 + 5 = 21
        block[16] = 0xA7    // weight 0: 7, weight 32: 10
        var out = [Float](repeating: .nan, count: 256)
        block.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { Q4_KBlock.dequantize(raw.baseAddress!, into: $0.baseAddress!) }
        }
        #expect(out[0] == 2 * 7 - 0.5 * 3)
        #expect(out[1] == -1.5)
        #expect(out[128] == -0.5 * 7)   // sub-block 4, q = 0, min 7
    }
}
