/// Making untrusted text (token strings, tensor and member names, dictionary keys, CSV cells,
/// request fields) safe to show on one line of a terminal, a log or an HTTP error message.
///
/// Every string that leaves attnviz on stderr, stdout, in an HTTP error or a log line goes
/// through here: C0/C1 control characters (newline, ESC, BEL, ...), Unicode format characters
/// (bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069, zero-width
/// characters, the BOM) and the line and paragraph separators U+2028/U+2029 are written as
/// `\u{..}`, so nothing can forge a second line, move the cursor, open a hyperlink or reorder
/// what is displayed. Over-long text is cut with `…` (the limit counts what is written).
///
/// This is the message spelling of ``TokenDisplay``'s table: where a token display shows a
/// symbol (`␊`, `�`), a message writes the scalar's escape, and it escapes the rows token
/// displays keep (joiners, soft hyphen) too.
///
/// ```swift
/// DisplaySafe.line("a\nattnviz: forged")      // "a\\u{a}attnviz: forged"
/// DisplaySafe.line("\u{1b}]8;;http://x\u{7}")  // "\\u{1b}]8;;http://x\\u{7}"
/// DisplaySafe.quoted("say \"hi\"")            // "\"say \\\"hi\\\"\""
/// ```
public enum DisplaySafe {
    /// Longest text ``line(_:limit:)`` keeps by default, in characters.
    public static let defaultLimit = 200

    /// Whether `scalar` must be escaped: every row of ``TokenDisplay/rules`` (controls, format
    /// characters such as bidi, zero-width and the BOM, line and paragraph separators), the
    /// rows that token displays keep included.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        TokenDisplay.rule(for: scalar) != nil
    }

    /// `text` on one line with every unsafe scalar escaped as `\u{hex}`, cut with `…` so that the
    /// result holds at most `limit` scalars (escapes counted as written) plus the `…`.
    public static func line(_ text: String, limit: Int = defaultLimit) -> String {
        var out = String.UnicodeScalarView()
        var written = 0
        for scalar in text.unicodeScalars {
            let piece: String.UnicodeScalarView = needsEscape(scalar)
                ? "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars : String.UnicodeScalarView([scalar])
            if written + piece.count > limit {
                out.append("…")
                break
            }
            out.append(contentsOf: piece)
            written += piece.count
        }
        return String(out)
    }

    /// Multi-line `text` (generated text streamed to a terminal): newlines and tabs kept, every
    /// other unsafe scalar escaped as in ``line(_:limit:)``.
    public static func text(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar != "\n" && scalar != "\t" && needsEscape(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` in double quotes with `"` and `\` escaped and unsafe scalars as in ``line(_:limit:)``
    /// (`\n` and `\t` keep their short forms): unambiguous, for token lists.
    public static func quoted(_ text: String, limit: Int = Int.max) -> String {
        var out = "\""
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept >= limit {
                out += "…"
                break
            }
            kept += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if needsEscape(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
