import Foundation
import Testing
import TestSupport
import Attention
@testable import AttentionFormats

@Suite(.hangGuard) struct NpyTests {  // NumPy cross-check in a child process
    static let variants: [String] = {
        var names = [String]()
        for dtype in ["f2", "f4", "f8"] {
            for order in ["le", "be"] {
                for layout in ["C", "F"] {
                    for version in 1...3 { names.append("base_\(dtype)_\(order)_\(layout)_v\(version).npy") }
                }
            }
        }
        return names
    }()

    @Test(arguments: variants)
    func readsNumpyWrittenFile(_ name: String) throws {
        let tensor = try Npy.read(path: Fixtures.path(name))
        #expect(tensor.shape == Fixtures.baseShape)
        guard case .mapped(let region) = tensor.storage else {
            Issue.record("expected a memory-mapped tensor")
            return
        }
        let dtype = String(name.split(separator: "_")[1])
        #expect(region.scalarType == ["f2": .float16, "f4": .float32, "f8": .float64][dtype])
        #expect(region.byteOrder == (name.contains("_le_") ? .little : .big))
        #expect(tensor.flat == (try Fixtures.expected(dtype)))
        // One matrix read through the strided path agrees with the flat values.
        let expected = try Fixtures.expected(dtype)
        let m = try tensor.matrix(layer: 1, head: 2)
        #expect(m.values == Array(expected[(5 * 20)..<(6 * 20)]))
    }

    @Test func headerVersionIsParsed() throws {
        for version in 1...3 {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("base_f4_le_C_v\(version).npy")))
            let header = try data.withUnsafeBytes { bytes throws(FormatError) in try NpyHeader(parsing: bytes, path: "x") }
            #expect(header.majorVersion == version)
            #expect(header.descr == "<f4")
            #expect(header.dataOffset % 64 == 0)
        }
    }

    @Test func liftsLowerRanksAndDropsLeadingBatchAxis() throws {
        let expected = try Fixtures.expected("f4")
        let vector = try Npy.read(path: Fixtures.path("vector_f4.npy"))
        #expect(vector.shape == TensorShape(layers: 1, heads: 1, queries: 1, keys: 5))
        #expect(vector.flat == Array(expected[0..<5]))
        let matrix = try Npy.read(path: Fixtures.path("matrix_f4.npy"))
        #expect(matrix.shape == TensorShape(layers: 1, heads: 1, queries: 4, keys: 5))
        #expect(matrix.flat == Array(expected[0..<20]))
        let batched = try Npy.read(path: Fixtures.path("batch5d_f4.npy"))
        #expect(batched.shape == Fixtures.baseShape)
        #expect(batched.flat == expected)
    }

    @Test func writtenFileReadsBackAndNumpyAgrees() throws {
        let source = try Npy.read(path: Fixtures.path("base_f8_be_F_v2.npy"))
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("copy.npy").path
        try Npy.write(source, to: out)
        let back = try Npy.read(path: out)
        #expect(back.shape == source.shape)
        #expect(back.flat == source.flat)
        let report = try Fixtures.python("""
            import sys, numpy as np
            a = np.load(sys.argv[1]); b = np.load(sys.argv[2]).astype(np.float32)
            print(a.dtype, a.shape, bool((a == b).all()))
            """, [out, Fixtures.path("base_f8_be_F_v2.npy")])
        #expect(report.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 (2, 3, 4, 5) True")
    }
}
