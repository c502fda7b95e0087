import ArgumentParser
import Attention
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// `attnviz text`: the note's text heat. Each token's background shows how much attention it
/// gets, smoothed over a window and normalised as the note's `createHTML` does, written as a
/// static HTML page, LaTeX, PNG or PDF (`-o` by extension) or drawn in the terminal.
///
/// ```sh
/// attnviz text heat.json -o heat.html                 # {"texts": [...], "weights": [[...]]}
/// attnviz text sentences.txt weights.txt --legend -o heat.tex
/// attnviz text pairs.csv --cmap viridis               # token,weight rows, in the terminal
/// attnviz text attn.npy --layer 2 --head 5 --query 3 --merge-subwords auto -o row.png
/// ```
struct TextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Text heat: colour each token by the attention it gets (HTML, LaTeX, PNG, PDF or terminal).",
        discussion: """
        Inputs: a JSON file {"texts": ["a b c", ...], "weights": [[...], ...]} (or "tokens": [[...]]), \
        a text file (one example per line) plus a weights file (one line of numbers per example), \
        a CSV of token,weight rows (blank line = next example), or any attention file with \
        --layer/--head and --query Q or --all-queries (one example per query).
        Intensity = mean of the weights in a window around each token (default 3 tokens centred, as \
        the note), then min-max normalised per example. All-equal weights give intensity 0.
        """)

    @OptionGroup var source: TextSourceOptions

    @Option(help: ArgumentHelp("Smoothing window in tokens; 1 = no smoothing.", valueName: "n"))
    var window: Int = 3

    @Option(help: ArgumentHelp("Position of the token inside its window, 0..<window (default the middle: 1 for the note's 3).", valueName: "n"))
    var centre: Int?

    @Option(help: ArgumentHelp("minmax (per example, the note), global (across examples) or none (raw, clamped to 0..1).", valueName: "mode"))
    var normalise: HeatNormalisation = .minMax

    @Option(help: ArgumentHelp("Highlight colour, any CSS colour (default the note's red).", valueName: "css"))
    var color: String?

    @Option(help: ArgumentHelp("Colour by a colormap instead (e.g. YlOrRd, viridis, NAME_r).", valueName: "name"))
    var cmap: String?

    @Option(help: ArgumentHelp("Join subword pieces into words: auto, wordpiece (##), bpe (Ġ) or sentencepiece (▁).", valueName: "style"))
    var mergeSubwords: MergeStyle?

    @Option(help: ArgumentHelp("Weight of a merged word: sum or max of its pieces.", valueName: "how"))
    var mergeWeight: SubwordMerging.Combine = .sum

    @Option(name: .customLong("label"), help: ArgumentHelp("Heading of an example (repeat once per example).", valueName: "text"))
    var labels: [String] = []

    @Option(help: "Heading above all examples.")
    var title: String = "Heatmaps"

    @Flag(help: "Add a colour key.")
    var legend = false

    @Flag(help: "Leave out the raw/smoothed weight tooltips (HTML).")
    var noTooltips = false

    @Flag(help: "LaTeX: write only the body, to \\input into your own document.")
    var latexBody = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file: .html, .tex, .png or .pdf; the terminal when omitted.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Terminal columns (default: $COLUMNS or the terminal's width).", valueName: "n"))
    var width: Int?

    @Option(help: ArgumentHelp("Terminal colours: auto, truecolor, 256 or none (auto honours NO_COLOR and COLORTERM).", valueName: "mode"))
    var colorMode: ColorModeChoice = .auto

    /// Most tokens drawn in one run, which bounds the output size (a 4096-query `--all-queries`
    /// would otherwise write 16 million spans).
    static let maximumTokens = 1_000_000

    func validate() throws {
        if color != nil && cmap != nil { throw ValidationError("give --color or --cmap, not both") }
        if let output, OutputKind(path: output) == nil {
            throw CLIFailure("\(output): unknown output type; use .html, .tex, .png or .pdf (or no -o for the terminal)")
        }
        if let width, width < 8 { throw ValidationError("--width must be at least 8") }
    }

    func run() async throws {
        let smoothing = try NgramSmoothing(window: window, centre: centre ?? (max(window, 1) - 1) / 2)
        var input = try source.read()
        if !labels.isEmpty {
            guard labels.count == input.tokens.count else {
                throw CLIFailure("--label given \(labels.count) times for \(input.tokens.count) examples")
            }
            input.labels = labels
        }
        if let mergeSubwords {
            for i in input.tokens.indices where input.tokens[i].count == input.weights[i].count {
                guard let style = mergeSubwords.style ?? SubwordMerging.Style.detect(input.tokens[i]) else { continue }
                let merged = SubwordMerging(style: style, combine: mergeWeight).merge(tokens: input.tokens[i], weights: input.weights[i])
                input.tokens[i] = merged.tokens
                input.weights[i] = merged.weights
            }
        }
        let total = input.tokens.reduce(0) { $0 + $1.count }
        guard total <= Self.maximumTokens else {
            throw CLIFailure("\(source.file): \(input.tokens.count) examples with \(total) tokens in all is more than text heat shows usefully (limit \(Self.maximumTokens)); pick rows with --query")
        }
        let heat: TextHeat
        do {
            heat = try TextHeat(tokens: input.tokens, weights: input.weights, labels: input.labels,
                                smoothing: smoothing, normalisation: normalise)
        } catch {
            throw FormatError(path: source.weightsPath, error)
        }
        let paint = try paint()
        guard let output else {
            let environment = ProcessInfo.processInfo.environment
            let mode = colorMode.mode ?? TerminalColorMode.detect(environment: environment)
            let columns = width ?? TerminalSize.columns(environment: environment)
            let text = TextHeatTerminal.render(heat, options: .init(paint: paint, mode: mode, width: columns, title: title, legend: legend))
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        switch OutputKind(path: output) {
        case .html:
            let page = TextHeatHTML.render(heat, options: .init(title: title, paint: paint, legend: legend, tooltips: !noTooltips))
            try AtomicFile.write(page, to: output)
        case .latex:
            let tex = TextHeatLaTeX.render(heat, options: .init(title: title, paint: paint, standalone: !latexBody, legend: legend))
            try AtomicFile.write(tex, to: output)
        case .png, .pdf:
            try TextHeatImageOutput.write(heat, to: output, title: title, paint: paint, legend: legend)
        case nil:
            throw CLIFailure("\(output): unknown output type")
        }
    }

    private func paint() throws -> HeatPaint {
        if let cmap {
            do { return .colormap(try Colormap.named(cmap)) } catch { throw CLIFailure("--cmap: \(error)") }
        }
        if let color {
            do { return .tint(try CSSColor(color)) } catch { throw CLIFailure("--color: \(error)") }
        }
        return .note
    }

    /// `--merge-subwords` values.
    enum MergeStyle: String, ExpressibleByArgument, CaseIterable {
        case auto, wordpiece, bpe, sentencepiece
        var style: SubwordMerging.Style? { SubwordMerging.Style(rawValue: rawValue) }
    }

    /// `--color-mode` values.
    enum ColorModeChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, truecolor, none
        case palette256 = "256"
        var mode: TerminalColorMode? {
            switch self {
            case .auto: return nil
            case .truecolor: return .truecolor
            case .palette256: return .palette256
            case .none: return TerminalColorMode.none
            }
        }
    }

    /// What `-o` writes, by extension.
    enum OutputKind {
        case html, latex, png, pdf
        init?(path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "html", "htm": self = .html
            case "tex": self = .latex
            case "png": self = .png
            case "pdf": self = .pdf
            default: return nil
            }
        }
    }
}

extension HeatNormalisation: ExpressibleByArgument {}
extension SubwordMerging.Combine: ExpressibleByArgument {}
