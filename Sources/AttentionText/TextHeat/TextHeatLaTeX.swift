import Attention
import Foundation

/// Text heat as LaTeX: each token in an xcolor `\colorbox`, every LaTeX special character
/// escaped, so any token compiles as text and none runs as a command.
///
/// The default output is a complete document for pdflatex (Latin text). For Chinese, Japanese or
/// Korean tokens compile with xelatex and swap the preamble's `inputenc`/`fontenc` lines for
/// `\usepackage{xeCJK}` and `\setCJKmainfont{WenQuanYi Micro Hei}` (any installed CJK font);
/// the README shows the whole preamble. With `standalone: false` only the body is written, to
/// `\input` into your own document (which needs `\usepackage{xcolor}`).
///
/// A tint is written as `heat!P` (P percent of the colour over white, exactly the note's
/// `rgba` on a white page); a colormap as `\colorbox[RGB]{r,g,b}`.
///
/// ```swift
/// let tex = TextHeatLaTeX.render(heat)                      // \documentclass{article} ...
/// let body = TextHeatLaTeX.render(heat, options: .init(standalone: false))
/// ```
public enum TextHeatLaTeX {
    /// Document shape and colours.
    public struct Options: Sendable {
        /// Heading (the note: "Heatmaps").
        public var title: String
        /// Colours.
        public var paint: HeatPaint
        /// A whole document (`true`) or only the body.
        public var standalone: Bool
        /// A colour key under the heading.
        public var legend: Bool

        public init(title: String = "Heatmaps", paint: HeatPaint = .note, standalone: Bool = true, legend: Bool = false) {
            self.title = title
            self.paint = paint
            self.standalone = standalone
            self.legend = legend
        }
    }

    /// The LaTeX source.
    public static func render(_ heat: TextHeat, options: Options = Options()) -> String {
        var tex = ""
        if options.standalone {
            tex += """
            % Text heat written by attnviz. Compiles with pdflatex for Latin text; for CJK text use
            % xelatex with \\usepackage{xeCJK} and \\setCJKmainfont{...} instead of inputenc/fontenc.
            \\documentclass{article}
            \\usepackage[T1]{fontenc}
            \\usepackage[utf8]{inputenc}
            \\IfFileExists{lmodern.sty}{\\usepackage{lmodern}}{}
            \\usepackage{textcomp}
            \\usepackage{xcolor}
            \\usepackage[margin=2cm]{geometry}
            \\begin{document}

            """
        }
        if case .tint(let colour) = options.paint {
            let c = colour.rgb
            tex += "\\definecolor{heat}{RGB}{\(c.red),\(c.green),\(c.blue)}\n"
        }
        tex += "\\section*{\(escape(options.title))}\n"
        tex += "\\begingroup\\setlength{\\fboxsep}{1.5pt}\\setlength{\\parindent}{0pt}\n"
        if options.legend {
            let (low, high) = TextHeatLegend.ends(for: heat)
            let steps = (0...10).map { "\\colorbox\(colour(options.paint, Double($0) / 10)){\\strut\\hspace{0.6em}}" }
            tex += "{\\small \(escape(low))~" + steps.joined(separator: "\\hspace{0pt}") + "~\(escape(high))}\\par\n"
        }
        for example in heat.examples {
            let heading = example.label.map(escape) ?? "Example:"
            tex += "\\par\\medskip\\textbf{\(heading)}\\par\\smallskip\n"
            var boxes: [String] = []
            for (token, intensity) in zip(example.tokens, example.intensities) {
                boxes.append("\\colorbox\(colour(options.paint, intensity)){\\strut \(escapeToken(token))}")
            }
            // Spaces between boxes let lines break between tokens.
            tex += boxes.joined(separator: "\\hspace{0.15em plus 0.1em}\\allowbreak\n") + "\\par\n"
        }
        tex += "\\endgroup\n"
        if options.standalone { tex += "\\end{document}\n" }
        return tex
    }

    private static func colour(_ paint: HeatPaint, _ intensity: Double) -> String {
        switch paint {
        case .tint(let c):
            let percent = (intensity.isFinite ? min(max(intensity, 0), 1) : 0) * c.alpha * 100
            return "{heat!\(HeatPaint.decimal((percent * 1e4).rounded() / 1e4))}"
        case .colormap:
            let c = paint.color(at: intensity)
            return "[RGB]{\(c.red),\(c.green),\(c.blue)}"
        }
    }

    /// A token escaped, cut after `TokenDisplay.maximumLength` scalars with `\ldots`.
    private static func escapeToken(_ token: String) -> String {
        let scalars = token.unicodeScalars
        guard scalars.count > TokenDisplay.maximumLength else { return escape(token) }
        let kept = String(String.UnicodeScalarView(scalars.prefix(TokenDisplay.maximumLength)))
        return escape(kept) + "\\ldots{}"
    }

    /// Escapes text so LaTeX prints it literally: the ten specials `\ { } $ & # ^ _ % ~`,
    /// quotes, dashes and brackets that would form ligatures or options, and every scalar
    /// `TokenDisplay` replaces (controls, bidi, separators, zero-width; written as `\x1B`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if character.unicodeScalars.contains(where: TokenDisplay.replaces) {
                for scalar in character.unicodeScalars {
                    out += "\\textbackslash{}x" + String(scalar.value, radix: 16, uppercase: true)
                }
                continue
            }
            switch character {
            case "\\": out += "\\textbackslash{}"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "$": out += "\\$"
            case "&": out += "\\&"
            case "#": out += "\\#"
            case "_": out += "\\_"
            case "%": out += "\\%"
            case "^": out += "\\textasciicircum{}"
            case "~": out += "\\textasciitilde{}"
            case "\"": out += "\\textquotedbl{}"
            case "'": out += "\\textquotesingle{}"
            case "`": out += "\\textasciigrave{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "-": out += "-{}"
            case "[": out += "{[}"
            case "]": out += "{]}"
            default: out.append(character)
            }
        }
        return out
    }
}
