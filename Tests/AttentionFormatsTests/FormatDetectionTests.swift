import Foundation
import Testing
import Attention
@testable import AttentionFormats

@Suite struct FormatDetectionTests {
    @Test(arguments: [
        ("base_f4_le_C_v1.npy", AttentionFileFormat.npy), ("stored.npz", .npz), ("deflated.npz", .npz),
        ("dtypes.safetensors", .safetensors), ("gperes.json", .json), ("nested.json", .json),
        ("gperes.csv", .csv), ("gperes.tsv", .tsv),
    ])
    func sniffsContentWithoutExtension(_ name: String, _ format: AttentionFileFormat) throws {
        let dir = try Fixtures.temporaryDirectory()
        let copy = dir.appendingPathComponent("input.bin").path
        try FileManager.default.copyItem(atPath: Fixtures.path(name), toPath: copy)
        #expect(try AttentionFileFormat.detect(path: copy) == format)
        #expect(try AttentionFileFormat.detect(path: Fixtures.path(name)) == format)
        // And reading through detection works.
        let options = AttentionReadOptions(tensorName: ["dtypes.safetensors": "f32", "deflated.npz": "first"][name])
        let data = try AttentionFile.read(path: copy, options: options)
        // The same tensor as read by the file's extension: shape and every value.
        let byExtension = try AttentionFile.read(path: Fixtures.path(name), options: options)
        #expect(data.tensor.shape.elementCount > 0)
        #expect(data.tensor.shape == byExtension.tensor.shape)
        #expect(data.tensor.allValues().elementsEqual(byExtension.tensor.allValues()) { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    @Test func unknownContentIsAnError() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("noise.bin").path
        try Data([0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE, 0x00, 0x10, 0x20]).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: FormatError.self) { try AttentionFile.read(path: path) }
        #expect(error == .unknownFormat(path: path))
        #expect(error.problem.hasPrefix("unknown format"))
    }
}
