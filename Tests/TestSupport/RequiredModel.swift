import Foundation
import Testing

/// The real models `scripts/fetch-model` downloads (`make test` fetches both before the tests).
/// Tests never download: they ask `scripts/fetch-model --cached`, and a model that is not there
/// goes through ``RequiredTool/missing(_:sourceLocation:)`` (a failure under `make test`, a named
/// skip under a bare `swift test`).
///
/// ```swift
/// let folder = try RequiredModel.miniLM.require()
/// let model = try TransformerModel(directory: folder)
/// ```
public enum RequiredModel: String, Sendable {
    /// all-MiniLM-L6-v2 (a folder with config.json, model.safetensors, tokenizer.json).
    case miniLM = "minilm"
    /// SmolLM2-135M-Instruct as Q4_1 GGUF (the .gguf file).
    case smolLM2 = "smollm2"

    /// Where the model is, when it has been fetched.
    public var path: String? {
        switch self {
        case .miniLM: Self.miniLMPath
        case .smolLM2: Self.smolLM2Path
        }
    }

    /// The model's path, or a failure (`make test`) / named skip (bare `swift test`).
    public func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        if let path { return path }
        try RequiredTool.missing(
            "the \(self) model is not fetched (run scripts/fetch-model \(rawValue))", sourceLocation: sourceLocation)
    }

    private static let miniLMPath = lookup(.miniLM)
    private static let smolLM2Path = lookup(.smolLM2)

    private static func lookup(_ model: RequiredModel) -> String? {
        let script = PackageRoot.path("scripts/fetch-model")
        guard let result = try? BoundedProcess.run(script, ["--cached", model.rawValue], timeout: 60),
              result.status == 0 else { return nil }
        let path = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }

    /// Something built once from a required model (a loaded `TransformerModel`), shared by the
    /// tests that need it; `get()` first requires the model, so each test fails or skips itself.
    ///
    /// ```swift
    /// static let miniLM = RequiredModel.Loaded(.miniLM) { try TransformerModel(directory: $0) }
    /// let model = try Self.miniLM.get()
    /// ```
    public final class Loaded<Value: Sendable>: Sendable {
        private let model: RequiredModel
        private let value: Result<Value, any Error>

        public init(_ model: RequiredModel, _ load: (String) throws -> Value) {
            self.model = model
            value = Result { () throws -> Value in
                guard let path = model.path else { throw RequiredTool.MissingTool(message: "\(model) not fetched") }
                return try load(path)
            }
        }

        /// The loaded value, or the model's failure/skip, or the load's error.
        public func get(sourceLocation: SourceLocation = #_sourceLocation) throws -> Value {
            _ = try model.require(sourceLocation: sourceLocation)
            return try value.get()
        }
    }
}

extension RequiredModel: CustomStringConvertible {
    public var description: String {
        switch self {
        case .miniLM: "MiniLM (all-MiniLM-L6-v2)"
        case .smolLM2: "SmolLM2-135M-Instruct GGUF"
        }
    }
}
