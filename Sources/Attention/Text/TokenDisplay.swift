/// The one policy for showing untrusted text (tokens, labels, names): a table of code-point
/// classes, each with the treatment every output gives it, so the HTML, LaTeX and terminal text
/// heat, the terminal heatmap, the figures' labels, error messages and the explorer's script all
/// agree on what a token may not do (break a line, move the cursor, reorder what follows, hide).
///
/// | scalars | class | shown as (``visible(_:)``) |
/// |---|---|---|
/// | U+0000–U+001F | C0 controls | control pictures `␀`…`␟` (U+2400 + value) |
/// | U+007F | delete | `␡` |
/// | U+0080–U+009F | C1 controls | `�` |
/// | U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069 | bidi marks, embeddings, overrides, isolates | `�` |
/// | U+2028, U+2029 | line and paragraph separators | `␤` |
/// | U+180E, U+200B, U+2060–U+2064, U+206A–U+206F, U+FEFF, U+FFF9–U+FFFB | zero-width and invisible characters, BOM | `�` |
/// | other format characters (soft hyphen, ZWNJ/ZWJ, emoji tags, ...) | format characters that join or shape text | kept |
///
/// A token longer than ``maximumLength`` scalars (after replacement) is cut there and ends in
/// `…`. Three spellings read the same table:
///
/// - ``visible(_:)``: the symbols above, for text people read (HTML, terminal, the explorer);
/// - ``escaped(_:)``: every replaced scalar as `\u{hex}` (`\n`, `\t`, `\r` short), for figure
///   labels and wherever the symbols cannot be typeset (LaTeX spells them `\x..` itself);
/// - `DisplaySafe`: every scalar of the table, kept classes included, as `\u{hex}`, for error
///   messages and logs.
///
/// ``rules`` is the table itself and ``rulesJSON`` the same table for JavaScript, so the
/// explorer's script can be tested against it.
///
/// ```swift
/// TokenDisplay.visible("a\u{1B}[31mb")        // "a␛[31mb"
/// TokenDisplay.visible("abc\u{202E}def")      // "abc�def"
/// TokenDisplay.escaped("a\nb\u{1B}")          // "a\\nb\\u{1b}"
/// TokenDisplay.rule(for: "\u{200D}")?.treatment   // .keep: emoji sequences stay joined
/// ```
public enum TokenDisplay {
    /// Longest token kept, in Unicode scalars after replacement; longer ones are cut and end in `…`.
    public static let maximumLength = 200

    /// What ``visible(_:)`` writes for a scalar of a rule.
    public enum Treatment: Hashable, Sendable {
        /// The scalar plus this offset (C0 controls + 0x2400 = their control pictures).
        case offset(UInt32)
        /// This one scalar instead.
        case replacement(Unicode.Scalar)
        /// The scalar itself (it only shapes or joins text).
        case keep
    }

    /// The kinds of scalars the table lists.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case c0Control, delete, c1Control, bidiControl, lineSeparator, invisible, format
    }

    /// One row of the table: an inclusive scalar range, what it is, and how it is shown.
    public struct Rule: Hashable, Sendable {
        public let first: UInt32
        public let last: UInt32
        public let kind: Kind
        public let treatment: Treatment

        init(_ first: UInt32, _ last: UInt32, _ kind: Kind, _ treatment: Treatment) {
            self.first = first
            self.last = last
            self.kind = kind
            self.treatment = treatment
        }

        /// Whether `value` lies in this rule's range.
        public func contains(_ value: UInt32) -> Bool { first <= value && value <= last }
    }

    /// The table, ascending and without overlaps: exactly the C0/C1 controls, the format
    /// characters (Unicode general category Cf) and the line and paragraph separators.
    public static let rules: [Rule] = [
        Rule(0x0000, 0x001F, .c0Control, .offset(0x2400)),
        Rule(0x007F, 0x007F, .delete, .replacement("\u{2421}")),
        Rule(0x0080, 0x009F, .c1Control, .replacement("\u{FFFD}")),
        Rule(0x00AD, 0x00AD, .format, .keep),
        Rule(0x0600, 0x0605, .format, .keep),
        Rule(0x061C, 0x061C, .bidiControl, .replacement("\u{FFFD}")),
        Rule(0x06DD, 0x06DD, .format, .keep),
        Rule(0x070F, 0x070F, .format, .keep),
        Rule(0x0890, 0x0891, .format, .keep),
        Rule(0x08E2, 0x08E2, .format, .keep),
        Rule(0x180E, 0x180E, .invisible, .replacement("\u{FFFD}")),
        Rule(0x200B, 0x200B, .invisible, .replacement("\u{FFFD}")),
        Rule(0x200C, 0x200D, .format, .keep),
        Rule(0x200E, 0x200F, .bidiControl, .replacement("\u{FFFD}")),
        Rule(0x2028, 0x2029, .lineSeparator, .replacement("\u{2424}")),
        Rule(0x202A, 0x202E, .bidiControl, .replacement("\u{FFFD}")),
        Rule(0x2060, 0x2064, .invisible, .replacement("\u{FFFD}")),
        Rule(0x2066, 0x2069, .bidiControl, .replacement("\u{FFFD}")),
        Rule(0x206A, 0x206F, .invisible, .replacement("\u{FFFD}")),
        Rule(0xFEFF, 0xFEFF, .invisible, .replacement("\u{FFFD}")),
        Rule(0xFFF9, 0xFFFB, .invisible, .replacement("\u{FFFD}")),
        Rule(0x110BD, 0x110BD, .format, .keep),
        Rule(0x110CD, 0x110CD, .format, .keep),
        Rule(0x13430, 0x1343F, .format, .keep),
        Rule(0x1BCA0, 0x1BCA3, .format, .keep),
        Rule(0x1D173, 0x1D17A, .format, .keep),
        Rule(0xE0001, 0xE0001, .format, .keep),
        Rule(0xE0020, 0xE007F, .format, .keep),
    ]

    /// The rule covering `scalar`, or `nil` for a scalar every output shows as it is.
    public static func rule(for scalar: Unicode.Scalar) -> Rule? {
        let v = scalar.value
        // Fast path: printable ASCII and most letters fall between rows.
        if v >= 0x20 && v < 0x7F { return nil }
        var low = 0, high = rules.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let rule = rules[mid]
            if v < rule.first { high = mid - 1 } else if v > rule.last { low = mid + 1 } else { return rule }
        }
        return nil
    }

    /// Whether ``visible(_:)`` shows `scalar` as something else (its rule does not keep it).
    public static func replaces(_ scalar: Unicode.Scalar) -> Bool {
        guard let rule = rule(for: scalar) else { return false }
        return rule.treatment != .keep
    }

    /// What ``visible(_:)`` writes for `scalar`.
    public static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch rule(for: scalar)?.treatment {
        case .offset(let offset)?: return Unicode.Scalar(scalar.value + offset) ?? "\u{FFFD}"
        case .replacement(let replacement)?: return replacement
        case .keep?, nil: return scalar
        }
    }

    /// `token` as people should see it: every replaced scalar shown by its symbol, cut to
    /// ``maximumLength`` scalars with `…`.
    public static func visible(_ token: String) -> String {
        let scalars = token.unicodeScalars
        guard scalars.contains(where: replaces) || scalars.count > maximumLength else { return token }
        var out = String.UnicodeScalarView()
        var written = 0
        for scalar in scalars {
            if written == maximumLength {
                out.append("…")
                break
            }
            out.append(visible(scalar))
            written += 1
        }
        return String(out)
    }

    /// `token` with every replaced scalar written as `\u{hex}` (`\n`, `\t`, `\r` in their short
    /// forms), cut to ``maximumLength`` scalars (escapes counted as written) with `…`: for
    /// figure labels, where an escape reads better than a symbol.
    public static func escaped(_ token: String) -> String {
        let scalars = token.unicodeScalars
        guard scalars.contains(where: replaces) || scalars.count > maximumLength else { return token }
        var out = String.UnicodeScalarView()
        var written = 0
        for scalar in scalars {
            let piece: String
            switch scalar {
            case "\n": piece = "\\n"
            case "\t": piece = "\\t"
            case "\r": piece = "\\r"
            default: piece = replaces(scalar) ? "\\u{" + String(scalar.value, radix: 16) + "}" : String(scalar)
            }
            if written + piece.unicodeScalars.count > maximumLength {
                out.append("…")
                break
            }
            out.append(contentsOf: piece.unicodeScalars)
            written += piece.unicodeScalars.count
        }
        return String(out)
    }

    /// ``rules`` as a JSON array for JavaScript, one object per row:
    /// `{"first":0,"last":31,"kind":"c0Control","offset":9216}`, `"replacement":65533` or
    /// `"keep":true`; plus the length limit: `{"maximumLength":200,"rules":[...]}`.
    public static var rulesJSON: String {
        let rows = rules.map { rule -> String in
            let treatment: String
            switch rule.treatment {
            case .offset(let offset): treatment = "\"offset\":\(offset)"
            case .replacement(let scalar): treatment = "\"replacement\":\(scalar.value)"
            case .keep: treatment = "\"keep\":true"
            }
            return "{\"first\":\(rule.first),\"last\":\(rule.last),\"kind\":\"\(rule.kind.rawValue)\",\(treatment)}"
        }
        return "{\"maximumLength\":\(maximumLength),\"rules\":[" + rows.joined(separator: ",") + "]}"
    }
}
