/// Everything that can go wrong loading a model or running it, printed by the CLI as
/// `attnviz: FILE: problem`.
///
/// ```swift
/// do { _ = try Model(directory: "models/minilm") }
/// catch { print(error) }   // "models/minilm/config.json: no such file"
/// ```
public enum RuntimeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A model file that is missing, unreadable or malformed.
    case file(path: String, problem: String)
    /// A `config.json` naming an architecture this runtime cannot run.
    case unsupportedArchitecture(path: String, found: String)
    /// A weight whose shape disagrees with `config.json`.
    case shapeMismatch(path: String, tensor: String, expected: [Int], found: [Int])
    /// A weight that `config.json` implies but the file lacks.
    case missingWeight(path: String, tensor: String)
    /// Input text that tokenises to nothing.
    case emptyText
    /// Input longer than the model's positions and truncation was refused.
    case tooLong(tokens: Int, maximum: Int)

    /// The architectures `Model` can run, as `config.json` names them in `model_type`.
    public static let supportedArchitectures = ["bert", "roberta", "distilbert", "gpt2", "llama", "mistral", "qwen2"]

    public var description: String {
        switch self {
        case .file(let path, let problem):
            return "\(path): \(problem)"
        case .unsupportedArchitecture(let path, let found):
            return "\(path): unsupported architecture \(found); supported: "
                + RuntimeError.supportedArchitectures.joined(separator: ", ")
                + " (BERT, MiniLM, RoBERTa, DistilBERT, GPT-2, DistilGPT2, Llama 2/3, SmolLM2, Mistral, Qwen2)"
        case .shapeMismatch(let path, let tensor, let expected, let found):
            return "\(path): tensor \(tensor) has shape \(found) but config.json implies \(expected)"
        case .missingWeight(let path, let tensor):
            return "\(path): missing tensor \(tensor)"
        case .emptyText:
            return "text: empty input (nothing to tokenise)"
        case .tooLong(let tokens, let maximum):
            return "text: \(tokens) tokens exceed the model's \(maximum) positions"
        }
    }
}
