// TEMPORARY: a module-local stand-in for `Attention.DisplaySafe` (Sources/Attention/Text/
// DisplaySafe.swift), which another branch is adding with this exact API. Once it lands, delete
// this file: every call site (`DisplaySafe.line(_:limit:)`) then resolves to the shared one.

/// Makes client-supplied text safe to show in one line of a message or log.
///
/// ```swift
/// DisplaySafe.line("a\u{202E}b\nc")   // #"a\u{202e}b\u{a}c"#
/// ```
enum DisplaySafe {
    /// `s` on one line: control characters (C0, DEL, C1, so also CR and LF), the line and
    /// paragraph separators U+2028 and U+2029, and the bidirectional formatting characters
    /// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are written as `\u{hex}`; the
    /// result is at most `limit` Unicode scalars long, ending in `…` when it was cut.
    static func line(_ s: String, limit: Int = 200) -> String {
        var pieces: [String] = []
        var total = 0
        for scalar in s.unicodeScalars {
            let piece = isUnsafe(scalar) ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
            pieces.append(piece)
            total += piece.unicodeScalars.count
            if total > limit { break }
        }
        guard total > limit else { return pieces.joined() }
        var out = ""
        var count = 0
        for piece in pieces {
            let n = piece.unicodeScalars.count
            if count + n > limit - 1 { break }
            out += piece
            count += n
        }
        return limit > 0 ? out + "…" : ""
    }

    /// Whether `scalar` could break the line or reorder what is shown around it.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029,
             0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return true
        default:
            return false
        }
    }
}
