import Attention
import Foundation
import Testing

/// The one token-display table: what it covers, what each spelling writes, and its JSON form
/// (the one the explorer's script reads) meaning the same as the Swift functions.
@Suite struct TokenDisplayTests {
    /// The table covers exactly the C0/C1 controls, the format characters (Cf) and the line and
    /// paragraph separators of the Unicode version Swift ships, which is what error messages
    /// have always escaped.
    @Test func tableIsExactlyControlsFormatCharactersAndSeparators() {
        var mismatches: [String] = []
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let category = scalar.properties.generalCategory
            let expected = v < 0x20 || (0x7F...0x9F).contains(v)
                || category == .format || category == .lineSeparator || category == .paragraphSeparator
            if (TokenDisplay.rule(for: scalar) != nil) != expected { mismatches.append(String(v, radix: 16)) }
        }
        #expect(mismatches.isEmpty, "U+\(mismatches.prefix(10).joined(separator: ", U+"))")
        let rules = TokenDisplay.rules
        #expect(zip(rules, rules.dropFirst()).allSatisfy { $0.last < $1.first }, "rows must ascend without overlap")
        #expect(rules.allSatisfy { $0.first <= $0.last })
    }

    @Test func visibleSymbols() {
        #expect(TokenDisplay.visible("a\u{1B}[31mb") == "a␛[31mb")
        #expect(TokenDisplay.visible("tab\there\n") == "tab␉here␊")
        #expect(TokenDisplay.visible("\u{0}\u{7F}\u{85}") == "␀␡\u{FFFD}")
        #expect(TokenDisplay.visible("abc\u{202E}def\u{2066}\u{200F}\u{061C}") == "abc\u{FFFD}def\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(TokenDisplay.visible("line\u{2028}para\u{2029}") == "line␤para␤")
        #expect(TokenDisplay.visible("\u{FEFF}zero\u{200B}width\u{2060}") == "\u{FFFD}zero\u{FFFD}width\u{FFFD}")
        // Joiners, soft hyphens and emoji tags only shape text: kept, so emoji stay whole.
        let family = "👨\u{200D}👩\u{200D}👧", scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}"
        #expect(TokenDisplay.visible(family) == family)
        #expect(TokenDisplay.visible(scotland) == scotland)
        #expect(TokenDisplay.visible("co\u{AD}operate") == "co\u{AD}operate")
        #expect(TokenDisplay.visible("武汉市长江大桥 ĠThe ▁x") == "武汉市长江大桥 ĠThe ▁x")
    }

    /// The symbols the text outputs showed before the table (C0 pictures, ␡, � for C1 and bidi)
    /// are unchanged.
    @Test func visibleKeepsTheEarlierTokenSymbols() {
        for v in UInt32(0)...0x206F {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let earlier: Unicode.Scalar
            switch v {
            case 0x00...0x1F: earlier = Unicode.Scalar(0x2400 + v)!
            case 0x7F: earlier = "\u{2421}"
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: earlier = "\u{FFFD}"
            default: continue
            }
            #expect(TokenDisplay.visible(scalar) == earlier, "U+\(String(v, radix: 16))")
        }
    }

    @Test func longTokensAreCutAtTheStatedLimit() {
        let limit = TokenDisplay.maximumLength
        #expect(limit == 200)
        let exact = String(repeating: "a", count: limit)
        #expect(TokenDisplay.visible(exact) == exact)
        #expect(TokenDisplay.escaped(exact) == exact)
        let long = String(repeating: "武", count: limit + 1)
        #expect(TokenDisplay.visible(long) == String(repeating: "武", count: limit) + "…")
        // Escapes count as written.
        let controls = String(repeating: "\u{1}", count: limit)
        let escaped = TokenDisplay.escaped(controls)
        #expect(escaped == String(repeating: "\\u{1}", count: limit / 5) + "…", "\(escaped)")
    }

    /// Figure labels: escapes instead of symbols, for the same rows.
    @Test func escapedSpelling() {
        #expect(TokenDisplay.escaped("a\nb\u{1b}") == "a\\nb\\u{1b}")
        #expect(TokenDisplay.escaped("\t\r") == "\\t\\r")
        #expect(TokenDisplay.escaped("abc\u{202E}def") == "abc\\u{202e}def")
        #expect(TokenDisplay.escaped("a\u{2028}b\u{200B}c\u{FEFF}") == "a\\u{2028}b\\u{200b}c\\u{feff}")
        #expect(TokenDisplay.escaped("武汉 é 👍") == "武汉 é 👍")
        #expect(TokenDisplay.escaped("👨\u{200D}👩") == "👨\u{200D}👩")
    }

    /// Error messages (DisplaySafe) escape every row, kept ones too.
    @Test func messagesEscapeEveryRow() {
        for rule in TokenDisplay.rules {
            for v in [rule.first, rule.last] {
                let scalar = Unicode.Scalar(v)!
                #expect(DisplaySafe.needsEscape(scalar))
                #expect(DisplaySafe.line(String(scalar)) == "\\u{\(String(v, radix: 16))}")
            }
        }
        #expect(!DisplaySafe.needsEscape("a") && !DisplaySafe.needsEscape("武"))
    }

    /// A reader of `rulesJSON` (what the explorer's script does) shows every scalar in and
    /// around every row exactly as `visible(_:)`.
    @Test func jsonTableMeansTheSame() throws {
        struct Table: Decodable {
            struct Row: Decodable { var first: UInt32; var last: UInt32; var kind: String; var offset: UInt32?; var replacement: UInt32?; var keep: Bool? }
            var maximumLength: Int
            var rules: [Row]
        }
        let table = try JSONDecoder().decode(Table.self, from: Data(TokenDisplay.rulesJSON.utf8))
        #expect(table.maximumLength == TokenDisplay.maximumLength)
        #expect(table.rules.count == TokenDisplay.rules.count)
        #expect(Set(table.rules.map(\.kind)).isSubset(of: Set(TokenDisplay.Kind.allCases.map(\.rawValue))))
        func shown(_ v: UInt32) -> UInt32 {
            guard let row = table.rules.first(where: { $0.first <= v && v <= $0.last }) else { return v }
            if let offset = row.offset { return v + offset }
            if let replacement = row.replacement { return replacement }
            #expect(row.keep == true)
            return v
        }
        var checked = 0
        for rule in TokenDisplay.rules {
            for v in (rule.first.saturatingDown)...(rule.last + 1) {
                guard let scalar = Unicode.Scalar(v) else { continue }
                #expect(shown(v) == TokenDisplay.visible(scalar).value, "U+\(String(v, radix: 16))")
                checked += 1
            }
        }
        #expect(checked >= 3 * TokenDisplay.rules.count)
    }
}

private extension UInt32 {
    var saturatingDown: UInt32 { self == 0 ? 0 : self - 1 }
}
