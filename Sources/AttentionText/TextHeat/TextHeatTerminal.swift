import Attention

/// Text heat for a terminal: each token on its background colour (24-bit, or the nearest of the
/// 256-colour palette), lines wrapped at the terminal width counting CJK characters as two
/// columns. With `NO_COLOR` (mode ``TerminalColorMode/none``) each token is followed by its
/// intensity instead: `武[0.73]`. Tokens are shown with control characters made visible, so none
/// can send escape sequences to the terminal.
///
/// ```swift
/// let mode = TerminalColorMode.detect(environment: ProcessInfo.processInfo.environment)
/// print(TextHeatTerminal.render(.seedExample, options: .init(mode: mode, width: 80)), terminator: "")
/// ```
public enum TextHeatTerminal {
    /// Colours and line width.
    public struct Options: Sendable {
        public var paint: HeatPaint
        public var mode: TerminalColorMode
        /// Columns per line (at least 8).
        public var width: Int
        /// Heading printed first (the note: "Heatmaps"); empty for none.
        public var title: String
        /// A colour key line under the heading.
        public var legend: Bool

        public init(paint: HeatPaint = .note, mode: TerminalColorMode = .truecolor, width: Int = 80, title: String = "Heatmaps", legend: Bool = false) {
            self.paint = paint
            self.mode = mode
            self.width = max(8, width)
            self.title = title
            self.legend = legend
        }
    }

    /// The text to print, ending in a newline.
    public static func render(_ heat: TextHeat, options: Options = Options()) -> String {
        var out = ""
        if !options.title.isEmpty { out += TerminalWidth.truncate(TokenDisplay.visible(options.title), to: options.width) + "\n" }
        if options.legend { out += legend(heat, options: options) }
        if !options.title.isEmpty || options.legend { out += "\n" }
        for (index, example) in heat.examples.enumerated() {
            if index > 0 { out += "\n" }
            out += TerminalWidth.truncate(TokenDisplay.visible(example.label ?? "Example:"), to: options.width) + "\n"
            out += tokens(example, options: options)
        }
        return out
    }

    /// `lowest ▕ramp▏ highest…`: 16 cells from intensity 0 to 1 (shades ` ░▒▓█` without colour).
    private static func legend(_ heat: TextHeat, options: Options) -> String {
        let (low, high) = TextHeatLegend.ends(for: heat)
        let shades: [Character] = [" ", "░", "▒", "▓", "█"]
        var ramp = ""
        for i in 0..<16 {
            let x = Double(i) / 15
            if options.mode == .none {
                ramp.append(shades[min(Int(x * Double(shades.count)), shades.count - 1)])
            } else {
                ramp += options.mode.background(options.paint.color(at: x)) + " "
            }
        }
        let line = low + " ▕" + ramp + options.mode.reset + "▏ " + high
        return line + "\n"
    }

    private static func tokens(_ example: TextHeat.Example, options: Options) -> String {
        var out = ""
        var column = 0
        let mode = options.mode
        for (token, intensity) in zip(example.tokens, example.intensities) {
            var text = TokenDisplay.visible(token)
            if mode == .none { text += "[" + HeatPaint.decimal((intensity * 100).rounded() / 100) + "]" }
            let space = column == 0 ? "" : " "
            if column > 0 && column + TerminalWidth.of(space + text) > options.width {
                out += "\n"
                column = 0
            }
            let lead = column == 0 ? "" : " "
            // A token wider than a whole line is split over lines.
            for (pieceIndex, piece) in split(text, firstWidth: options.width - column - TerminalWidth.of(lead), width: options.width).enumerated() {
                if pieceIndex > 0 {
                    out += "\n"
                    column = 0
                }
                let shown = (pieceIndex == 0 ? lead : "") + piece
                out += mode.background(options.paint.color(at: intensity)) + mode.foreground(options.paint.ink(at: intensity))
                out += shown + mode.reset
                column += TerminalWidth.of(shown)
            }
        }
        return out + "\n"
    }

    /// Pieces of `text` no wider than `firstWidth` for the first and `width` for the rest.
    private static func split(_ text: String, firstWidth: Int, width: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        var used = 0
        var limit = max(firstWidth, 2)
        for character in text {
            let w = TerminalWidth.of(character)
            if used + w > limit && !current.isEmpty {
                pieces.append(current)
                current = ""
                used = 0
                limit = width
            }
            current.append(character)
            used += w
        }
        pieces.append(current)
        return pieces
    }
}
