import Foundation

/// How a ``TextStyle``'s family reaches Pango.
extension TextStyle {
    /// The family list given to Pango: `sans-serif` expands to the preferred sans faces, then
    /// `sans-serif` itself; any other list is used as written.
    var pangoFamilies: String {
        let trimmed = family.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed == "sans-serif" || trimmed == "sans" ? Self.preferredSans : family
    }

    /// The sans faces `sans-serif` means, in order.
    static let preferredSans = "DejaVu Sans, WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"
}
