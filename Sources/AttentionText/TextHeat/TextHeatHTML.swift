import Attention
import Foundation

/// The note's text-heat page, static: every token a `<span>` whose background is
/// `rgba(255,0,0,intensity)` (or the chosen colour), written into the HTML itself so no script
/// runs, nothing loads from the network, and no token can inject markup (each is escaped).
///
/// Layout follows the note (a "Heatmaps" heading, an "Example:" heading per example, tokens
/// after the first carry a leading space inside their span). Each example's tokens sit on their
/// own white panel, so the colours mean the same on a light or a dark page (the page itself
/// follows the reader's light/dark preference). Hovering a token shows its raw weight, smoothed
/// weight and intensity (`title` attribute).
///
/// ```swift
/// let page = TextHeatHTML.render(.seedExample, options: .init(legend: true))
/// try page.write(toFile: "text.html", atomically: true, encoding: .utf8)
/// ```
public enum TextHeatHTML {
    /// What to draw besides the tokens.
    public struct Options: Sendable {
        /// Page title and top heading (the note: "Heatmaps").
        public var title: String
        /// Colours.
        public var paint: HeatPaint
        /// A colour key under the heading.
        public var legend: Bool
        /// Raw / smoothed weight tooltips.
        public var tooltips: Bool

        public init(title: String = "Heatmaps", paint: HeatPaint = .note, legend: Bool = false, tooltips: Bool = true) {
            self.title = title
            self.paint = paint
            self.legend = legend
            self.tooltips = tooltips
        }
    }

    /// The complete page, UTF-8 text.
    public static func render(_ heat: TextHeat, options: Options = Options()) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="generator" content="attnviz text">
        <title>\(escape(TokenDisplay.visible(options.title)))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        <h3>\(escape(TokenDisplay.visible(options.title)))</h3>

        """
        if options.legend { html += legend(heat, paint: options.paint) }
        for (index, example) in heat.examples.enumerated() {
            html += exampleHTML(example, number: index + 1, options: options)
        }
        html += "</body>\n</html>\n"
        return html
    }

    private static let style = """
    body { font-family: Sans-Serif; margin: 1.25em 1.5em; background: #fff; color: #111; }
    h3 { margin: 0 0 0.9em; }
    .example { margin: 0 0 1.1em; }
    .example > b { display: block; margin: 0 0 0.3em; }
    .tokens { background: #fff; color: #111; line-height: 1.75; padding: 0.15em 0.35em;
      border-radius: 3px; overflow-wrap: anywhere; box-shadow: 0 0 0 1px #e2e2e2; }
    .tokens span { word-break: keep-all; }
    .legend { display: flex; align-items: center; gap: 0.5em; margin: 0 0 1.1em; font-size: 0.85em; }
    .legend .bar { display: inline-block; width: 12em; height: 0.9em; border: 1px solid #999; }
    @media (prefers-color-scheme: dark) {
      body { background: #16181d; color: #e6e6e6; }
      .tokens { box-shadow: 0 0 0 1px #555; }
    }
    """

    private static func exampleHTML(_ example: TextHeat.Example, number: Int, options: Options) -> String {
        let heading = example.label.map { escape(TokenDisplay.visible($0)) } ?? "Example:"
        var html = "<div class=\"example\" id=\"example-\(number)\"><b>\(heading)</b><div class=\"tokens\">"
        for (i, token) in example.tokens.enumerated() {
            let intensity = example.intensities[i]
            var style = "background-color:\(options.paint.css(at: intensity))"
            if case .colormap = options.paint {
                style += ";color:\(options.paint.ink(at: intensity).hex)"
            }
            html += "<span style=\"\(style)\""
            if options.tooltips {
                let tip = "weight \(formatted(example.weights[i])) · smoothed \(formatted(example.smoothed[i])) · intensity \(formatted(intensity))"
                html += " title=\"\(escape(tip))\""
            }
            html += ">" + (i == 0 ? "" : " ") + escape(TokenDisplay.visible(token)) + "</span>"
        }
        html += "</div></div>\n"
        return html
    }

    private static func legend(_ heat: TextHeat, paint: HeatPaint) -> String {
        let stops = stride(from: 0, through: 10, by: 1).map { step -> String in
            let x = Double(step) / 10
            return "\(paint.css(at: x)) \(step * 10)%"
        }
        let (low, high) = TextHeatLegend.ends(for: heat)
        return "<div class=\"legend\"><span>\(escape(low))</span><span class=\"bar\" style=\"background:#fff linear-gradient(to right, \(stops.joined(separator: ", ")))\"></span><span>\(escape(high))</span></div>\n"
    }

    private static func formatted(_ value: Double) -> String { TextHeatLegend.number(value) }

    /// Escapes text for HTML content and double- or single-quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
