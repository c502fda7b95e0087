import Foundation
import Testing
import Attention
@testable import AttentionFormats
#if canImport(Glibc)
import Glibc
#endif

/// Heads deep inside a sparse 64 GiB `[32, 32, 4096, 4096]` `.npy` (created with `truncate`)
/// read back the values written at their exact byte offsets, far past 4 GiB.
@Suite struct HugeMappedReadTests {
    @Test func readsHeadsBeyondFourGigabytes() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.npy").path
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (32, 32, 4096, 4096), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        try Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.count), 0] + header).write(to: URL(fileURLWithPath: path))
        let offset = 10 + header.count
        #expect(truncate(path, off_t(offset + (32 * 32 * 4096 * 4096 * 4))) == 0)
        // Element index of [layer, head, query, key] in C order.
        func index(_ l: Int, _ h: Int, _ q: Int, _ k: Int) -> Int { ((l * 32 + h) * 4096 + q) * 4096 + k }
        let writes: [(Int, Float)] = [(index(31, 31, 17, 4000), 0.75), (index(31, 0, 4095, 0), 0.125), (index(30, 31, 4095, 4095), 9)]
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for (i, v) in writes {
            try handle.seek(toOffset: UInt64(offset + i * 4))
            try handle.write(contentsOf: withUnsafeBytes(of: v.bitPattern.littleEndian) { Data($0) })
        }
        try handle.close()

        let data = try AttentionFile.read(path: path)
        #expect(data.tensor.shape == TensorShape(layers: 32, heads: 32, queries: 4096, keys: 4096))
        let last = try data.tensor.matrix(layer: 31, head: 31)
        #expect(last[17, 4000] == 0.75)
        #expect(last.values.reduce(0, +) == 0.75)
        let other = try data.tensor.matrix(layer: 31, head: 0)
        #expect(other[4095, 0] == 0.125)
        #expect(data.tensor.value(layer: 30, head: 31, query: 4095, key: 4095) == 9)
    }
}
