/// Everything that can go wrong while rendering, each case saying what to do about it.
///
/// ```swift
/// do { _ = try Colormap.named("nope") }
/// catch { print(error) }   // "unknown colormap 'nope'; available: Blues, ..."
/// ```
public enum RenderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A colormap name matplotlib/seaborn does not define (or attnviz does not ship).
    case unknownColormap(name: String, available: [String])
    /// An option value that makes no sense (negative size, vmin > vmax, ...).
    case invalidOption(String)
    /// Cairo reported a failure (out of memory, surface too large, ...).
    case cairo(String)
    /// A figure too large to draw.
    case tooLarge(String)

    public var description: String {
        switch self {
        case .unknownColormap(let name, let available):
            return "unknown colormap '\(name)'; available: \(available.joined(separator: ", ")) (each also as NAME_r)"
        case .invalidOption(let message):
            return message
        case .cairo(let message):
            return "cairo: \(message)"
        case .tooLarge(let message):
            return message
        }
    }
}
