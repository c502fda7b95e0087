import Foundation
import Testing
import Attention
@testable import AttentionFormats

/// `AttentionFile.read(data:name:)` reads every format from bytes in memory exactly as from the
/// file on disk, the name choosing the format and naming the file in errors.
@Suite struct InMemoryReadTests {
    static let fixtures = ["gperes.json", "gperes.csv", "gperes.tsv", "nested.json", "document.json", "matrix_f4.npy",
                           "base_f2_be_F_v3.npy", "stored.npz", "deflated.npz", "tokens.npz", "bf16.safetensors"]

    @Test(arguments: fixtures)
    func memoryReadEqualsFileRead(_ name: String) throws {
        let options = AttentionReadOptions(tensorName: name == "deflated.npz" ? "second" : nil)
        let fromFile = try AttentionFile.read(path: Fixtures.path(name), options: options)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name)))
        let fromMemory = try AttentionFile.read(data: bytes, name: "upload " + name, options: options)
        #expect(fromMemory.tensor.shape == fromFile.tensor.shape)
        #expect(fromMemory.tensor.allValues() == fromFile.tensor.allValues())
        #expect(fromMemory.queryTokens == fromFile.queryTokens)
        #expect(fromMemory.keyTokens == fromFile.keyTokens)
    }

    @Test func errorsNameTheGivenNameAndNoFileIsNeeded() throws {
        let truncated = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("matrix_f4.npy"))).dropLast(4)
        let error = try #require(throws: FormatError.self) { try AttentionFile.read(data: Data(truncated), name: "cut.npy") }
        guard case .truncated(path: "cut.npy", _) = error else {
            Issue.record("expected a truncation naming cut.npy, got \(error)")
            return
        }
        let infinite = Data("[[0.5, Infinity], [0.5, 0.5]]".utf8)
        #expect(throws: FormatError.nonFinite(path: "inf.json", value: .infinity, layer: 0, head: 0, query: 0, key: 1)) {
            try AttentionFile.read(data: infinite, name: "inf.json")
        }
    }

    @Test func unnamedFormatsAreSniffedFromTheBytes() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("stored.npz")))
        let data = try AttentionFile.read(data: bytes, name: "no-extension")
        #expect(data.tensor.shape == Fixtures.baseShape)
        #expect(throws: FormatError.unknownFormat(path: "noise")) { try AttentionFile.read(data: Data([0, 1, 2, 0xFF]), name: "noise") }
        #expect(throws: FormatError.emptyFile(path: "empty")) { try AttentionFile.read(data: Data(), name: "empty") }
    }

    @Test func memoryLimitHoldsForUploads() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("deflated.npz")))
        let error = try #require(throws: FormatError.self) {
            try AttentionFile.read(data: bytes, name: "d.npz", options: .init(tensorName: "second", memoryLimit: 64))
        }
        guard case .member(name: "second", .tooLarge) = error else {
            Issue.record("expected the member refused over the budget, got \(error)")
            return
        }
    }
}
