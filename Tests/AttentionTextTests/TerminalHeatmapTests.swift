import Attention
import Foundation
import Testing
@testable import AttentionText

struct TerminalHeatmapTests {
    static func seedMap() throws -> AttentionMap {
        try AttentionMap(matrix: SeedExample.matrix, rowLabels: SeedExample.tokens, columnLabels: SeedExample.tokens)
    }

    @Test func cellsUseTheColormapOverTheDataRange() throws {
        let cmap = try Colormap.named("YlOrRd")
        let out = TerminalHeatmap.render(try Self.seedMap(), options: .init(colormap: cmap, mode: .truecolor, width: 80))
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        // Header: the seven CJK keys, each centred in its two-column cell.
        #expect(stripSGR(String(lines[0])) == "   武汉市长江大桥")
        // Row 0 (武): the 1.0 at column 2 is the top colour, the 0.03 ... the data min is 0.
        let row0 = String(lines[1])
        #expect(row0.hasPrefix("武 "))
        let cells = row0.matches(of: /\u{1B}\[48;2;(\d+);(\d+);(\d+)m[ ]{2}/).map { RGB(red: UInt8($0.1)!, green: UInt8($0.2)!, blue: UInt8($0.3)!) }
        #expect(cells.count == 7)
        #expect(cells[2] == cmap.color(at: 1))
        #expect(cells[0] == cmap.color(at: 0.1))
        let row6 = String(lines[7])
        #expect(row6.hasPrefix("桥 "))
        #expect(row6.contains(TerminalColorMode.truecolor.background(cmap.color(at: 0)) + "  "))
        #expect(out.contains("0 ") && out.contains(" 1\n"))   // colour bar range
    }

    @Test func noColorShadesAndNoEscapes() throws {
        let out = TerminalHeatmap.render(try Self.seedMap(), options: .init(colormap: try .named("YlOrRd"), mode: .none, width: 80))
        #expect(!out.contains("\u{1B}"))
        let row0 = out.split(separator: "\n")[1]
        // 0.1 0.9 1 0.05 0.09 0.03 0.2 over 0...1: five shade levels.
        #expect(row0 == "武   ████      ░░")
    }

    @Test func palette256() throws {
        let out = TerminalHeatmap.render(try Self.seedMap(), options: .init(colormap: try .named("YlOrRd"), mode: .palette256, width: 80))
        #expect(out.contains("\u{1B}[48;5;"))
        #expect(!out.contains("48;2;"))
    }

    @Test func longLabelsGoDownwardsAndLinesFitTheWidth() throws {
        let tokens = Tokens(["[CLS]", "attention", "is", "all", "you", "need", "\u{1B}[2J", "[SEP]"])
        let m = AttentionMatrix(rows: 8, columns: 8, values: (0..<64).map { Float($0) })
        let map = try AttentionMap(matrix: m, rowLabels: tokens, columnLabels: tokens)
        let out = TerminalHeatmap.render(map, options: .init(colormap: try .named("viridis"), mode: .truecolor, width: 40, labelHeight: 5))
        #expect(!stripSGR(out).contains("\u{1B}"))
        let plain = stripSGR(out).split(separator: "\n")
        #expect(plain.allSatisfy { TerminalWidth.of($0) <= 40 })
        // "attention" is cut to 4 characters and an ellipsis, written downwards in column 1.
        let header = plain.prefix(5).map(String.init)
        let column1 = header.map { line -> String in
            let chars = Array(line)
            let index = 10 + 2   // row labels are 9 wide + space; cell 1 starts at 12
            return index < chars.count ? String(chars[index]) : " "
        }
        #expect(column1.joined() == "atte…")
    }

    @Test func hugeMatricesArePooledToFit() throws {
        let n = 300
        var values = [Float](repeating: 0, count: n * n)
        values[150 * n + 299] = 1   // one sharp weight survives max-pooling
        let map = try AttentionMap(matrix: AttentionMatrix(rows: n, columns: n, values: values),
                                   rowLabels: .indices(n), columnLabels: .indices(n))
        let cmap = try Colormap.named("YlOrRd")
        let out = TerminalHeatmap.render(map, options: .init(colormap: cmap, mode: .truecolor, width: 80))
        let plain = stripSGR(out).split(separator: "\n")
        #expect(plain.allSatisfy { TerminalWidth.of($0) <= 80 })
        #expect(out.contains("max-pooled"))
        #expect(out.contains(TerminalColorMode.truecolor.background(cmap.color(at: 1)) + "  "))
    }
}
