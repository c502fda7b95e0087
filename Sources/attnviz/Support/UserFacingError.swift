import Attention
import AttentionFormats

/// An error the CLI reports as one line after `attnviz: `.
protocol UserFacingError: Error {
    /// The message, normally `FILE: problem`.
    var userMessage: String { get }
}

extension FormatError: UserFacingError {
    var userMessage: String { description }
}

extension AttentionError: UserFacingError {
    var userMessage: String { description }
}

/// A CLI-level problem (bad option combination, missing input) naming what it concerns.
struct CLIFailure: UserFacingError, CustomStringConvertible {
    var userMessage: String
    init(_ message: String) { userMessage = message }
    var description: String { userMessage }
}
