import Attention
import AttentionFormats

/// An error the CLI reports as one line after `attnviz: `.
protocol UserFacingError: Error {
    /// The message, normally `FILE: problem`, with the flag that changes the outcome when one does.
    var userMessage: String { get }
}

extension FormatError: UserFacingError {
    /// The library's message, plus the flag that would have avoided the problem.
    var userMessage: String {
        switch self {
        case .nonFinite:
            return description + FlagHint.allowNonFinite
        case .ambiguousTensor:
            return description + "; pick one with --tensor"
        case .tensorNameNotApplicable(let path, let format):
            return "\(path): --tensor applies to .npz and safetensors files, not \(format.rawValue)"
        case .unknownFormat:
            return description + " (name one with --format)"
        case .attention(let path, let error):
            return "\(path): \(error.problemWithHint)"
        default:
            return description
        }
    }
}

extension AttentionError: UserFacingError {
    var userMessage: String { problemWithHint }

    /// The description, with the flags behind a conflict or a refusal named.
    var problemWithHint: String {
        switch self {
        case .nonFinite:
            return description + FlagHint.allowNonFinite
        case .selectionConflict(.headWithRollout):
            return "rollout averages all heads; drop --head"
        case .selectionConflict(.layerReductionWithRollout(let reduction)):
            return "rollout multiplies layers; --layers \(reduction.rawValue) does not apply"
        default:
            return description
        }
    }
}

/// Flag hints shared by several messages.
enum FlagHint {
    /// Appended to a non-finite value's message.
    static let allowNonFinite = " (pass --allow-nonfinite to accept it)"
}

/// A CLI-level problem (bad option combination, missing input) naming what it concerns.
struct CLIFailure: UserFacingError, CustomStringConvertible {
    var userMessage: String
    init(_ message: String) { userMessage = message }
    var description: String { userMessage }
}
