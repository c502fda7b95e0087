import Attention
import Foundation

/// An attention matrix drawn in the terminal: one coloured cell per weight, query labels on the
/// left, key labels on top, and a colour bar with the value range underneath. Colours come from
/// a colormap over the data's min...max (the note: `YlOrRd`), in 24-bit or 256-colour escapes;
/// with `NO_COLOR` cells are shaded with ` ░▒▓█` instead.
///
/// Labels are measured in terminal columns (CJK counts two) and escaped (control characters made
/// visible). Short key labels are written across the top; longer ones are written downwards, one
/// character per line, at most `labelHeight` lines. A matrix wider than `width` is max-pooled to
/// fit (so sharp attention stays visible), and its labels become index ranges.
///
/// ```swift
/// let map = try AttentionMap(matrix: SeedExample.matrix, rowLabels: SeedExample.tokens, columnLabels: SeedExample.tokens)
/// let mode = TerminalColorMode.detect(environment: ProcessInfo.processInfo.environment)
/// print(TerminalHeatmap.render(map, options: .init(colormap: try .named("YlOrRd"), mode: mode, width: 100)), terminator: "")
/// ```
public enum TerminalHeatmap {
    /// Colours, size and labels.
    public struct Options: Sendable {
        /// The colormap (seaborn's default for the note: `YlOrRd`).
        public var colormap: Colormap
        /// Truecolor, 256 colours or none.
        public var mode: TerminalColorMode
        /// Columns available (at least 20).
        public var width: Int
        /// The value range mapped to the colormap; `nil` for the data's finite min...max.
        public var range: ClosedRange<Double>?
        /// At most this many lines of downward key labels.
        public var labelHeight: Int
        /// A heading line above the matrix (empty for none).
        public var title: String

        public init(colormap: Colormap, mode: TerminalColorMode = .truecolor, width: Int = 80,
                    range: ClosedRange<Double>? = nil, labelHeight: Int = 8, title: String = "") {
            self.colormap = colormap
            self.mode = mode
            self.width = max(20, width)
            self.range = range
            self.labelHeight = max(1, labelHeight)
            self.title = title
        }
    }

    private static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// The drawing, lines ending in newlines.
    public static func render(_ map: AttentionMap, options: Options) -> String {
        let matrix = map.matrix
        guard matrix.rows > 0, matrix.columns > 0 else { return "(empty matrix)\n" }
        let rowLabelsAll = map.rowLabels.strings.map(TokenDisplay.visible)
        let columnLabelsAll = map.columnLabels.strings.map(TokenDisplay.visible)

        // Row label column: the widest label, at most a third of the width.
        let labelLimit = max(4, options.width / 3)
        var rowLabelWidth = min(max(1, rowLabelsAll.map { TerminalWidth.of($0) }.max() ?? 1), labelLimit)
        var available = options.width - rowLabelWidth - 1

        // Cells are two columns (square-ish); one if that is what fits; pooled beyond that.
        let widestKey = columnLabelsAll.map { TerminalWidth.of($0) }.max() ?? 1
        var cell = 2
        if matrix.columns * 2 > available && matrix.columns <= available && widestKey <= 1 { cell = 1 }
        var group = 1
        while (matrix.columns + group - 1) / group * cell > available { group += 1 }
        if group > 1 {
            // Pooled rows are labelled with index ranges; make room for them and fit again.
            rowLabelWidth = min(rangeLabels(count: matrix.rows, group: group).map { TerminalWidth.of($0) }.max() ?? 1, labelLimit)
            available = options.width - rowLabelWidth - 1
            while (matrix.columns + group - 1) / group * cell > available { group += 1 }
        }
        let pooled = group > 1 ? pool(matrix, by: group) : matrix
        let rowLabels = group > 1 ? rangeLabels(count: matrix.rows, group: group) : rowLabelsAll
        let columnLabels = group > 1 ? rangeLabels(count: matrix.columns, group: group).map { String($0.prefix { $0 != "–" }) } : columnLabelsAll

        // Horizontal key labels when they all fit in a cell-wide slot, else downward.
        let horizontalWidth = max(cell, columnLabels.map { TerminalWidth.of($0) }.max() ?? 1)
        if group == 1 && horizontalWidth <= 4 && matrix.columns * horizontalWidth <= available { cell = horizontalWidth }

        let range = options.range ?? finiteRange(pooled)
        var out = ""
        if !options.title.isEmpty { out += TerminalWidth.truncate(TokenDisplay.visible(options.title), to: options.width) + "\n" }
        out += header(columnLabels, cell: cell, indent: rowLabelWidth + 1, maxLines: options.labelHeight)
        for r in 0..<pooled.rows {
            out += TerminalWidth.pad(TerminalWidth.truncate(rowLabels[r], to: rowLabelWidth), to: rowLabelWidth, right: true) + " "
            for c in 0..<pooled.columns {
                out += cellText(Double(pooled[r, c]), range: range, cell: cell, options: options)
            }
            out += options.mode.reset + "\n"
        }
        out += colourBar(range: range, indent: rowLabelWidth + 1, options: options)
        if group > 1 {
            out += "(max-pooled \(group)×\(group): \(matrix.rows)×\(matrix.columns) shown as \(pooled.rows)×\(pooled.columns); widen the terminal for more)\n"
        }
        return out
    }

    private static func cellText(_ value: Double, range: ClosedRange<Double>, cell: Int, options: Options) -> String {
        guard value.isFinite else { return options.mode.reset + String(repeating: "·", count: cell) }
        let span = range.upperBound - range.lowerBound
        let x = span > 0 ? (value - range.lowerBound) / span : 0
        if options.mode == .none {
            let level = min(max(Int((x * Double(shades.count)).rounded(.down)), 0), shades.count - 1)
            return String(repeating: shades[level], count: cell)
        }
        return options.mode.background(options.colormap.color(at: x)) + String(repeating: " ", count: cell)
    }

    private static func header(_ labels: [String], cell: Int, indent: Int, maxLines: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        if labels.allSatisfy({ TerminalWidth.of($0) <= cell }) {
            return pad + labels.map { centre($0, in: cell) }.joined() + "\n"
        }
        // Downward labels: line i holds character i of every label.
        let columns = labels.map { label -> [Character] in
            let characters = Array(label)
            return characters.count > maxLines ? Array(characters.prefix(maxLines - 1)) + ["…"] : characters
        }
        let lines = columns.map(\.count).max() ?? 0
        var out = ""
        for line in 0..<lines {
            var text = pad
            for characters in columns {
                let character = line < characters.count ? String(characters[line]) : ""
                text += TerminalWidth.of(character) <= cell ? centre(character, in: cell) : String(repeating: "?", count: cell)
            }
            out += text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return out
    }

    private static func centre(_ text: String, in width: Int) -> String {
        let w = TerminalWidth.of(text)
        let left = max(0, (width - w) / 2)
        return String(repeating: " ", count: left) + text + String(repeating: " ", count: max(0, width - w - left))
    }

    private static func colourBar(range: ClosedRange<Double>, indent: Int, options: Options) -> String {
        let steps = 24
        var bar = ""
        for i in 0..<steps {
            let x = (Double(i) + 0.5) / Double(steps)
            let value = range.lowerBound + x * (range.upperBound - range.lowerBound)
            bar += cellText(value, range: range, cell: 1, options: options)
        }
        let low = String(format: "%.3g", range.lowerBound)
        let high = String(format: "%.3g", range.upperBound)
        let line = "\(low) " + bar + options.mode.reset + " \(high)"
        return String(repeating: " ", count: max(0, indent - TerminalWidth.of(low) - 1)) + line + "\n"
    }

    private static func finiteRange(_ matrix: AttentionMatrix) -> ClosedRange<Double> {
        guard let r = matrix.finiteRange else { return 0...1 }
        return Double(r.lowerBound)...Double(r.upperBound)
    }

    private static func rangeLabels(count: Int, group: Int) -> [String] {
        stride(from: 0, to: count, by: group).map { start in
            let end = min(start + group, count) - 1
            return start == end ? "\(start)" : "\(start)–\(end)"
        }
    }

    /// Max-pools `group`×`group` blocks, ignoring NaN.
    private static func pool(_ m: AttentionMatrix, by group: Int) -> AttentionMatrix {
        let rows = (m.rows + group - 1) / group
        let columns = (m.columns + group - 1) / group
        var values = [Float](repeating: .nan, count: rows * columns)
        for r in 0..<m.rows {
            for c in 0..<m.columns {
                let v = m[r, c]
                guard v.isFinite else { continue }
                let index = (r / group) * columns + c / group
                if values[index].isNaN || v > values[index] { values[index] = v }
            }
        }
        return AttentionMatrix(rows: rows, columns: columns, values: values)
    }
}
