import Foundation

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
    /// A figure of `width` x `height` inches with no room left for its plot beside its labels.
    case figureTooSmallForLabels(width: Double, height: Double)
    /// A head grid figure too small for `layers` x `heads` thumbnails.
    case figureTooSmallForThumbnails(layers: Int, heads: Int)
    /// A colour scale over values none of which is finite, and no limits given.
    case noFiniteValues
    /// A raster of `width` x `height` pixels over the limits (per side, and in megapixels).
    case imageTooLarge(width: Int, height: Int, maximumSide: Int, maximumMegapixels: Int)

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
        case .figureTooSmallForLabels(let width, let height):
            return "the figure (\(Self.inches(width))x\(Self.inches(height)) in) is too small for its labels"
        case .figureTooSmallForThumbnails(let layers, let heads):
            return "the figure is too small for \(layers)x\(heads) thumbnails"
        case .noFiniteValues:
            return "no finite values to scale the colours by"
        case .imageTooLarge(let width, let height, let side, let megapixels):
            return "a \(width)x\(height) pixel image is too large (at most \(side) per side, \(megapixels) megapixels)"
        }
    }

    /// Inches as `%g` writes them: `6`, `6.5`.
    private static func inches(_ value: Double) -> String { String(format: "%g", value) }
}
