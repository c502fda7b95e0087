/// How many colours the terminal shows, and the escape sequences for them.
///
/// ``detect(environment:)`` honours `NO_COLOR` (any non-empty value: no colour at all, see
/// no-color.org), picks 24-bit colour when `COLORTERM` is `truecolor` or `24bit`, no colour for
/// `TERM=dumb`, and the 256-colour palette otherwise.
///
/// ```swift
/// let mode = TerminalColorMode.detect(environment: ProcessInfo.processInfo.environment)
/// mode.background(RGB(red: 255, green: 0, blue: 0))   // "\u{1B}[48;2;255;0;0m" in truecolor
/// ```
public enum TerminalColorMode: String, CaseIterable, Sendable {
    /// 24-bit colour (`ESC[48;2;r;g;bm`).
    case truecolor
    /// The xterm 256-colour palette (`ESC[48;5;nm`).
    case palette256 = "256"
    /// No escape sequences at all.
    case none

    /// The mode the environment asks for.
    public static func detect(environment: [String: String]) -> TerminalColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .truecolor }
        if environment["TERM"] == "dumb" { return .none }
        return .palette256
    }

    /// Sets the background colour; empty for ``none``.
    public func background(_ colour: RGB) -> String {
        switch self {
        case .truecolor: return "\u{1B}[48;2;\(colour.red);\(colour.green);\(colour.blue)m"
        case .palette256: return "\u{1B}[48;5;\(Self.paletteIndex(colour))m"
        case .none: return ""
        }
    }

    /// Sets the text colour; empty for ``none``.
    public func foreground(_ colour: RGB) -> String {
        switch self {
        case .truecolor: return "\u{1B}[38;2;\(colour.red);\(colour.green);\(colour.blue)m"
        case .palette256: return "\u{1B}[38;5;\(Self.paletteIndex(colour))m"
        case .none: return ""
        }
    }

    /// Resets colours; empty for ``none``.
    public var reset: String { self == .none ? "" : "\u{1B}[0m" }

    /// The nearest xterm-256 colour (6x6x6 cube 16...231 or grey ramp 232...255).
    public static func paletteIndex(_ colour: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            var best = 0
            for (i, level) in levels.enumerated() where abs(level - Int(v)) < abs(levels[best] - Int(v)) { best = i }
            return best
        }
        let r = nearestLevel(colour.red), g = nearestLevel(colour.green), b = nearestLevel(colour.blue)
        let cube = (levels[r], levels[g], levels[b])
        func distance(_ a: (Int, Int, Int)) -> Int {
            let dr = a.0 - Int(colour.red), dg = a.1 - Int(colour.green), db = a.2 - Int(colour.blue)
            return dr * dr + dg * dg + db * db
        }
        let average = (Int(colour.red) + Int(colour.green) + Int(colour.blue)) / 3
        let greyStep = min(max((average - 8 + 5) / 10, 0), 23)
        let greyLevel = 8 + 10 * greyStep
        if distance((greyLevel, greyLevel, greyLevel)) < distance(cube) { return 232 + greyStep }
        return 16 + 36 * r + 6 * g + b
    }
}
