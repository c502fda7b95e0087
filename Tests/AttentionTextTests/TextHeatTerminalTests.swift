import Attention
import Foundation
import Testing
@testable import AttentionText

/// Strips our SGR sequences (ESC [ digits ; m); any ESC left over would be an injection.
func stripSGR(_ text: String) -> String {
    text.replacing(/\u{1B}\[[0-9;]*m/, with: "")
}

struct TextHeatTerminalTests {
    @Test func truecolorPaintsTheNotesColours() throws {
        let heat = try TextHeat(texts: ["a b c"], weights: [[0, 0.5, 1]], smoothing: .none)
        let out = TextHeatTerminal.render(heat, options: .init(mode: .truecolor, width: 80))
        #expect(out.contains("\u{1B}[48;2;255;255;255m"))   // intensity 0: white
        #expect(out.contains("\u{1B}[48;2;255;128;128m"))   // 0.5 over white
        #expect(out.contains("\u{1B}[48;2;255;0;0m"))       // 1: the note's red
        #expect(stripSGR(out) == "Heatmaps\n\nExample:\na b c\n")
    }

    @Test func palette256Fallback() throws {
        let heat = try TextHeat(texts: ["a b"], weights: [[0, 1]], smoothing: .none)
        let out = TextHeatTerminal.render(heat, options: .init(mode: .palette256))
        #expect(out.contains("\u{1B}[48;5;196m"))   // pure red
        #expect(out.contains("\u{1B}[48;5;231m"))   // white
        #expect(!out.contains("48;2;"))
        #expect(TerminalColorMode.paletteIndex(RGB(red: 128, green: 128, blue: 128)) == 244)
    }

    @Test func noColorWritesNoEscapesAndShowsIntensities() throws {
        let out = TextHeatTerminal.render(try TextHeat(texts: ["武 汉"], weights: [[0, 1]], smoothing: .none), options: .init(mode: .none))
        #expect(!out.contains("\u{1B}"))
        #expect(out.contains("武[0] 汉[1]"))
        #expect(TerminalColorMode.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"]) == .none)
        #expect(TerminalColorMode.detect(environment: ["COLORTERM": "truecolor"]) == .truecolor)
        #expect(TerminalColorMode.detect(environment: ["TERM": "xterm-256color"]) == .palette256)
        #expect(TerminalColorMode.detect(environment: ["NO_COLOR": ""]) == .palette256)
    }

    @Test func hostileTokensCannotSendEscapes() {
        for mode in TerminalColorMode.allCases {
            let out = TextHeatTerminal.render(TextHeatSamples.hostile, options: .init(mode: mode, width: 40))
            #expect(!stripSGR(out).contains("\u{1B}"))
            #expect(!stripSGR(out).contains("\t"))
            #expect(stripSGR(out).contains("␛[31mred␛[0m"))
        }
    }

    @Test func wrapsAtTheWidthCountingCJKAsTwo() throws {
        let tokens = Array(repeating: "武汉", count: 30) + ["supercalifragilisticexpialidocious"]
        let heat = try TextHeat(tokens: [tokens], weights: [tokens.indices.map(Double.init)])
        for width in [12, 20, 33] {
            let out = stripSGR(TextHeatTerminal.render(heat, options: .init(mode: .truecolor, width: width)))
            let lines = out.split(separator: "\n")
            #expect(lines.allSatisfy { TerminalWidth.of($0) <= width }, "width \(width): \(lines)")
            #expect(out.replacingOccurrences(of: "\n", with: "").contains("supercalifragilis"))
        }
        #expect(TerminalWidth.of("武汉 ab") == 7)
        #expect(TerminalWidth.of("e\u{301}") == 1)
        #expect(TerminalWidth.of("한국어") == 6)
        #expect(TerminalWidth.of("ｗｉｄｅ") == 8)
    }
}

struct TextHeatTerminalLegendTests {
    @Test func legendRampsFromWhiteToTheColour() throws {
        let heat = try TextHeat(texts: ["a b"], weights: [[0, 1]], smoothing: .none)
        let coloured = TextHeatTerminal.render(heat, options: .init(mode: .truecolor, legend: true))
        let line = String(coloured.split(separator: "\n")[1])
        #expect(line.hasPrefix("lowest ▕\u{1B}[48;2;255;255;255m "))
        #expect(line.contains("\u{1B}[48;2;255;0;0m \u{1B}[0m▏ highest"))
        let plain = TextHeatTerminal.render(heat, options: .init(mode: .none, legend: true))
        #expect(plain.split(separator: "\n")[1] == "lowest ▕   ░░░▒▒▒▓▓▓████▏ highest smoothed weight in each example")
    }
}
