import Attention

/// A problem with one file, printed by the CLI as `attnviz: FILE: problem`.
///
/// ```swift
/// throw FormatError(path: "a.npy", problem: "truncated: header claims 4096 bytes, file has 80")
/// ```
public struct FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file concerned.
    public var path: String
    /// What is wrong with it, one line.
    public var problem: String

    /// Creates an error for `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// Wraps an `AttentionError` raised while handling `path`.
    public init(path: String, _ error: AttentionError) {
        if case .fileAccess(_, let reason) = error {
            self.init(path: path, problem: reason)
        } else {
            self.init(path: path, problem: error.description)
        }
    }

    public var description: String { "\(path): \(problem)" }
}
