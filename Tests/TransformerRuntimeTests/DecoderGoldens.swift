import AttentionFormats
import Foundation
@testable import TransformerRuntime

/// Golden attention of tiny random decoders written by transformers (make_llm_goldens.py,
/// make_llm_family_goldens.py): each case names its model folder, the config.json keys it
/// overrides, its text, and the ids and tokens of the `tokenizers` library; the attention itself
/// is a tensor of the same name in the companion safetensors file.
struct DecoderGoldens: Sendable {
    struct Case: Decodable, Sendable {
        var `case`: String
        var model: String
        var text: String
        var ids: [Int]
        var tokens: [String]
    }

    /// The cases, in file order.
    let cases: [Case]
    /// Each case's `overrides` object, as JSON.
    let overrides: [String: Data]
    let attention: SafetensorsFile

    /// Reads `NAME.json` and `NAME.safetensors` from the fixtures.
    init(_ name: String) throws {
        let raw = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name + ".json")))
        cases = try JSONDecoder().decode([Case].self, from: raw)
        var overrides = [String: Data]()
        for record in try JSONSerialization.jsonObject(with: raw) as? [[String: Any]] ?? [] {
            if let name = record["case"] as? String, let object = record["overrides"] as? [String: Any], !object.isEmpty {
                overrides[name] = try JSONSerialization.data(withJSONObject: object)
            }
        }
        self.overrides = overrides
        attention = try SafetensorsFile(path: Fixtures.path(name + ".safetensors"))
    }

    func golden(_ name: String) -> Case? { cases.first { $0.case == name } }

    /// The folder to run `golden` in: the model's own, or a temporary copy whose config.json has
    /// the case's overrides applied (variants share their base model's weights).
    func folder(for golden: Case) throws -> String {
        let source = Fixtures.path(golden.model)
        guard let data = overrides[golden.case],
              let changes = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return source }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-llm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in ["model.safetensors", "tokenizer.json"] {
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(file).path,
                                                       withDestinationPath: source + "/" + file)
        }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source + "/config.json"))) as? [String: Any] ?? [:]
        config.merge(changes) { _, new in new }
        try JSONSerialization.data(withJSONObject: config).write(to: directory.appendingPathComponent("config.json"))
        return directory.path
    }
}
