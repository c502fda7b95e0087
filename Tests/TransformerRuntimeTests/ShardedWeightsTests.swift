import AttentionFormats
import Foundation
import Testing
@testable import TransformerRuntime

/// Weights split over shards named by `model.safetensors.index.json` (what `save_pretrained`
/// writes past its shard size) give exactly the attention of the single file, and a bad index
/// is one clear error.
struct ShardedWeightsTests {
    /// Writes `names` of `source` (any dtype, bytes copied as stored) into a new safetensors file.
    static func writeShard(_ names: [String], of source: SafetensorsFile, to url: URL) throws {
        var header = [String]()
        var payload = Data()
        for name in names {
            let info = try #require(source.tensors[name])
            let bytes = source.file.withBytes { Data($0[info.byteRange]) }
            header.append("\"\(name)\":{\"dtype\":\"\(info.dtype)\",\"shape\":[\(info.shape.map(String.init).joined(separator: ","))],"
                          + "\"data_offsets\":[\(payload.count),\(payload.count + bytes.count)]}")
            payload.append(bytes)
        }
        var json = "{" + header.joined(separator: ",") + "}"
        json += String(repeating: " ", count: (8 - json.utf8.count % 8) % 8)
        var out = Data()
        withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(Data(json.utf8))
        out.append(payload)
        try out.write(to: url)
    }

    /// The tiny GPT-2 split over two shards, with its index; `map` may rewrite the weight map.
    static func shardedCopy(map: ([String: String]) -> [String: String] = { $0 }) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["config.json", "tokenizer.json"] {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name),
                                                       withDestinationURL: URL(fileURLWithPath: Fixtures.gpt2Tiny + "/" + name))
        }
        let source = try SafetensorsFile(path: Fixtures.gpt2Tiny + "/model.safetensors")
        let names = source.names
        let shards = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
        var weightMap = [String: String]()
        for (i, shard) in shards.enumerated() {
            let part = names.enumerated().filter { $0.offset % 2 == i }.map(\.element)
            try writeShard(part, of: source, to: folder.appendingPathComponent(shard))
            for name in part { weightMap[name] = shard }
        }
        let index = try JSONSerialization.data(withJSONObject: ["metadata": ["total_size": 0], "weight_map": map(weightMap)])
        try index.write(to: folder.appendingPathComponent("model.safetensors.index.json"))
        return folder
    }

    @Test func shardsGiveTheSingleFilesAttention() throws {
        let folder = try Self.shardedCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "The tiny model reads attention maps."
        let sharded = try TransformerModel(directory: folder.path).run(text: text)
        let single = try TransformerModel(directory: Fixtures.gpt2Tiny).run(text: text)
        #expect(sharded.encoding.ids == single.encoding.ids)
        #expect(sharded.attention.allValues() == single.attention.allValues())
    }

    @Test func badIndexIsOneClearError() throws {
        let cases: [(String, ([String: String]) -> [String: String])] = [
            ("shards must be file names in the model folder", { m in m.mapValues { _ in "../model.safetensors" } }),
            ("which model.safetensors.index.json places there", { m in m.mapValues { _ in "model-00001-of-00002.safetensors" } }),
            ("model-00003-of-00002.safetensors", { m in m.mapValues { $0.replacingOccurrences(of: "00002-of", with: "00003-of") } }),
        ]
        for (message, map) in cases {
            let folder = try Self.shardedCopy(map: map)
            defer { try? FileManager.default.removeItem(at: folder) }
            #expect {
                try TransformerModel(directory: folder.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains(message) && !text.contains("\n")
            }
        }
    }
}
