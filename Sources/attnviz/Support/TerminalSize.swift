import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The width of the terminal the output goes to.
///
/// ```swift
/// let columns = TerminalSize.columns(environment: ProcessInfo.processInfo.environment)   // 80 when unknown
/// ```
enum TerminalSize {
    /// `$COLUMNS` when set, else the width of the terminal on stdout, else 80.
    static func columns(environment: [String: String]) -> Int {
        if let text = environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
