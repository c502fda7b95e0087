import AttentionFormats

/// An upload `AttentionFormats` refused, said in the upload API's terms: the file's problem,
/// plus what the client can change (the API has no options for them, only the file).
///
/// ```swift
/// UploadReadError(.ambiguousTensor(path: "run.npz", candidates: ["a", "b"])).description
/// // run.npz: holds 2 tensors ("a", "b"); upload a file with one of them, or one named "attention"
/// ```
public struct UploadReadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What the formats module found.
    public var error: FormatError

    public init(_ error: FormatError) {
        self.error = error
    }

    public var description: String {
        switch error {
        case .nonFinite:
            return error.description + " (uploads must hold finite values)"
        case .ambiguousTensor:
            return error.description + "; upload a file with one of them, or one named \"attention\""
        default:
            return error.description
        }
    }
}
