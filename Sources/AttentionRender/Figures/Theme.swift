import AttentionText
/// The page colours of a figure: white paper with black text, or a dark page with light text;
/// either may be transparent.
///
/// ```swift
/// let theme = Theme(background: .dark, transparent: false)
/// theme.page        // #121212
/// theme.ink         // #e8e8e8
/// ```
public struct Theme: Hashable, Sendable {
    /// The page colour choices.
    public enum Background: String, Hashable, Sendable, CaseIterable {
        case white
        case dark
    }

    /// The page fill (clear when transparent).
    public let page: RGBA
    /// Text, tick and frame colour.
    public let ink: RGBA
    /// The background the figure was made for.
    public let background: Background

    public init(background: Background = .white, transparent: Bool = false) {
        self.background = background
        switch background {
        case .white:
            page = transparent ? .clear : .white
            ink = .black
        case .dark:
            page = transparent ? .clear : RGBA(RGB(red: 0x12, green: 0x12, blue: 0x12))
            ink = RGBA(RGB(red: 0xE8, green: 0xE8, blue: 0xE8))
        }
    }
}
