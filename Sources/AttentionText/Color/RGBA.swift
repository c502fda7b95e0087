/// A colour with opacity: what the canvas paints with.
///
/// ```swift
/// let heat = RGBA(RGB(red: 255, green: 0, blue: 0), alpha: 0.4)   // rgba(255,0,0,0.4)
/// let clear = RGBA.clear
/// ```
public struct RGBA: Hashable, Sendable {
    /// The colour.
    public var rgb: RGB
    /// Opacity, 0 (invisible) ... 1 (opaque).
    public var alpha: Double

    /// A colour with the given opacity (clamped to 0...1).
    public init(_ rgb: RGB, alpha: Double = 1) {
        self.rgb = rgb
        self.alpha = alpha.isNaN ? 0 : min(1, max(0, alpha))
    }

    /// A grey level as matplotlib's `".15"`: 0 black ... 1 white.
    public init(grey level: Double, alpha: Double = 1) {
        let v = UInt8((min(1, max(0, level)) * 255).rounded())
        self.init(RGB(red: v, green: v, blue: v), alpha: alpha)
    }

    public static let clear = RGBA(.black, alpha: 0)
    public static let black = RGBA(.black)
    public static let white = RGBA(.white)
}
