import Foundation
import Testing
import TestSupport
@testable import TransformerRuntime

/// The real SmolLM2-135M-Instruct Q4_1 GGUF (fetched by `scripts/fetch-model smollm2`) against
/// what gguf-py reads from it (Fixtures/gguf/smollm2-q4_1.json, made by
/// scripts/fixtures/make_gguf_goldens.py --smollm2): every scalar metadata value, the token,
/// merge and token-type arrays, and every value of all 272 tensors (Q8_0, Q4_1, F32) through
/// two checksums of their float32 bit patterns.
@Suite(.hangGuard)  // finds the model with scripts/fetch-model --cached
struct GGUFSmolLM2Tests {
    /// The model's path, fetching it when missing.
    static var modelPath: String { get throws { try Fixtures.smolLM2 } }

    /// What gguf-py read.
    static func expected() throws -> [String: Any] {
        try #require(try Fixtures.json("gguf/smollm2-q4_1.json") as? [String: Any])
    }

    @Test func headerAndScalarMetadata() throws {
        let file = try GGUFFile(path: Self.modelPath)
        let expected = try Self.expected()
        #expect(file.file.count == expected["file_size"] as? Int)
        #expect(file.alignment == expected["alignment"] as? Int)
        #expect(file.dataStart == expected["data_offset"] as? Int)
        let scalars = try #require(expected["scalars"] as? [String: [String: Any]])
        #expect(Set(scalars.keys).isSubset(of: Set(file.metadataKeys)))
        for (key, entry) in scalars {
            let value = try #require(file.metadata[key], "\(key)")
            switch entry["type"] as? String {
            case "uint32": #expect(value == .uint32(UInt32(try #require(entry["value"] as? Int))), "\(key)")
            case "float32": #expect(value == .float32(Float(try #require(entry["value"] as? Double))), "\(key)")
            case "bool": #expect(value == .bool(try #require(entry["value"] as? Bool)), "\(key)")
            case "string": #expect(value == .string(try #require(entry["value"] as? String)), "\(key)")
            default: Issue.record("\(key): type \(String(describing: entry["type"])) not covered")
            }
        }
        #expect(file.metadata["llama.block_count"]?.int == 30)
        #expect(file.metadata["llama.rope.freq_base"]?.double == 100_000)
    }

    @Test func tokenizerArrays() throws {
        let file = try GGUFFile(path: Self.modelPath)
        let expected = try Self.expected()
        let arrays = try #require(expected["arrays"] as? [String: [String: Any]])
        for (key, entry) in arrays {
            let array = try #require(file.metadata[key]?.array, "\(key)")
            #expect(array.count == entry["count"] as? Int, "\(key)")
            let samples = try #require(entry["samples"] as? [String: Any])
            for (index, want) in samples {
                let i = try #require(Int(index))
                switch entry["type"] as? String {
                case "string": #expect(array.strings?[i] == want as? String, "\(key)[\(i)]")
                case "int32": #expect(array.ints?[i] == want as? Int, "\(key)[\(i)]")
                default: Issue.record("\(key): element type \(String(describing: entry["type"])) not covered")
                }
            }
        }
        #expect(file.metadata["tokenizer.ggml.tokens"]?.strings?.count == 49152)
    }

    @Test func everyTensorDequantizesToGGUFPysBits() throws {
        let file = try GGUFFile(path: Self.modelPath)
        let expected = try Self.expected()
        let tensors = try #require(expected["tensors"] as? [[String: Any]])
        #expect(tensors.map { $0["name"] as? String } == file.tensors.map(\.name))
        var scratch = [Float](repeating: 0, count: file.tensors.map(\.elementCount).max() ?? 0)
        for entry in tensors {
            let name = try #require(entry["name"] as? String)
            let tensor = try #require(file.tensor(named: name))
            #expect(tensor.type.description == entry["type"] as? String, "\(name)")
            #expect(tensor.shape == entry["shape"] as? [Int], "\(name)")
            let (sum, positionSum) = try scratch.withUnsafeMutableBufferPointer { buffer throws(RuntimeError) in
                try file.dequantize(tensor: tensor, into: buffer)
                return Self.checksums(UnsafeBufferPointer(rebasing: buffer[0..<tensor.elementCount]))
            }
            #expect(String(sum) == entry["sum"] as? String, "\(name)")
            #expect(String(positionSum) == entry["position_sum"] as? String, "\(name)")
        }
    }

    /// (Σ b[i], Σ (i + 1)·b[i]) mod 2⁶⁴ over the bit patterns b, as the script computes them.
    static func checksums(_ values: UnsafeBufferPointer<Float>) -> (UInt64, UInt64) {
        var sum: UInt64 = 0, positionSum: UInt64 = 0
        guard let base = values.baseAddress else { return (0, 0) }
        UnsafeRawPointer(base).withMemoryRebound(to: UInt32.self, capacity: values.count) { bits in
            var position: UInt64 = 1
            for i in 0..<values.count {
                let b = UInt64(bits[i])
                sum &+= b
                positionSum &+= b &* position
                position &+= 1
            }
        }
        return (sum, positionSum)
    }
}
