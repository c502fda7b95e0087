import Attention
import Foundation

/// Every line the CLI writes to stderr: `attnviz: MESSAGE`, with the message made one safe line
/// (file content such as keys, cells, names and tokens can reach it; see `DisplaySafe`).
///
/// ```swift
/// Diagnostics.line("note: 3 of 512 labels shown")
/// ```
enum Diagnostics {
    /// Longest message kept, in characters (paths and lists can be long; forged output cannot).
    static let messageLimit = 2000

    /// Writes `attnviz: message` and a newline to stderr.
    static func line(_ message: String) {
        FileHandle.standardError.write(Data("attnviz: \(DisplaySafe.line(message, limit: messageLimit))\n".utf8))
    }
}
