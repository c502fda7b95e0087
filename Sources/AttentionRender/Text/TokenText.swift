/// Makes untrusted token strings safe to show: control characters become visible symbols
/// (`\n` → `␊`, ESC → `␛`), and characters that reorder text on screen (bidi overrides and
/// isolates) become `�`. Every text output runs tokens through this before its own escaping.
///
/// ```swift
/// TokenText.visible("a\u{1B}[31mb")   // "a␛[31mb"
/// TokenText.visible("tab\there")      // "tab␉here"
/// ```
public enum TokenText {
    /// The token with control and reordering characters replaced.
    public static func visible(_ token: String) -> String {
        guard token.unicodeScalars.contains(where: needsReplacement) else { return token }
        var out = String.UnicodeScalarView()
        for scalar in token.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F:
                out.append(Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}")
            case 0x7F:
                out.append("\u{2421}")
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                out.append("\u{FFFD}")
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func needsReplacement(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
