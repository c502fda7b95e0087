/// A figure size in inches written `WIDTHxHEIGHT`, as `--size 8x6`.
///
/// ```swift
/// try FigureSize(parsing: "8x6")     // width 8, height 6
/// ```
struct FigureSize: Hashable, Sendable, CustomStringConvertible {
    /// Width in inches.
    var width: Double
    /// Height in inches.
    var height: Double

    /// Parses `WxH` (either `x` or `X`); the figure checks the range when it is built.
    init(parsing text: String) throws(CLIFailure) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Double(parts[0]), let height = Double(parts[1]) else {
            throw CLIFailure("expected WIDTHxHEIGHT in inches, e.g. 8x6")
        }
        self.width = width
        self.height = height
    }

    var description: String { "\(width)x\(height)" }
}
