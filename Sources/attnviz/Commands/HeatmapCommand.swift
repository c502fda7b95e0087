import ArgumentParser
import Attention
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// `attnviz heatmap FILE -o out.png`: one attention matrix as a heatmap (PNG, SVG or PDF, or
/// the terminal), with seaborn's options; `--grid` draws every layer and head as thumbnails.
///
/// ```sh
/// attnviz heatmap gperes.json -o gperes.png                      # the note's figure
/// attnviz heatmap attn.npy --layer 3 --head 5 --annot --fmt .2f -o head.pdf
/// attnviz heatmap attn.npy --heads mean --mask causal --norm sqrt -o mean.svg
/// attnviz heatmap attn.npy --grid -o heads.png                   # layers x heads
/// ```
struct HeatmapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap",
        abstract: "Draw attention as a heatmap (PNG, SVG, PDF or the terminal), as seaborn does, for any size.",
        discussion: """
        Rows are queries (top to bottom), columns keys (left to right). Colours span the data's \
        min..max unless --vmin/--vmax/--robust say otherwise. Tick labels are measured and thinned \
        or rotated so that none overlap; long tokens are shortened with …. Matrices with more cells \
        than pixels are pooled (max by default, so one sharp column stays visible).
        """)

    @OptionGroup var input: InputOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup(title: "Style") var style: HeatmapStyleOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file: .png, .svg or .pdf.", valueName: "path"))
    var output: String?

    @Flag(help: "Draw in the terminal instead of (or as well as) writing a file.")
    var terminal = false

    @Flag(help: "Draw every layer and head as a grid of thumbnails with a shared colour scale.")
    var grid = false

    @Option(help: ArgumentHelp("Terminal columns for --terminal (default: $COLUMNS or the terminal's width).", valueName: "n"))
    var width: Int?

    @Option(help: ArgumentHelp("Terminal colours: auto, truecolor, 256 or none.", valueName: "mode"))
    var colorMode: TextCommand.ColorModeChoice = .auto

    func validate() throws {
        if output == nil && !terminal { throw ValidationError("give -o FILE (.png, .svg, .pdf) or --terminal") }
        if grid && terminal { throw ValidationError("--grid draws an image; drop --terminal") }
        if grid && style.sinkKeys != nil { throw ValidationError("--sink-keys applies to one matrix; drop --grid") }
        if grid && (selection.layer != nil || selection.head != nil || selection.heads != nil || selection.layers != nil || selection.rollout) {
            throw ValidationError("--grid shows every layer and head; drop --layer/--head/--heads/--layers/--rollout")
        }
    }

    func run() async throws {
        if let output, ImageFormat.forPath(output) == nil {
            throw CLIFailure("\(output): unknown output type; use .png, .svg or .pdf")
        }
        let baseStyle = try style.style()
        let data = try input.load()
        if grid {
            try writeGrid(data, style: baseStyle)
            return
        }
        var map = try selection.map(from: data)
        var figureStyle = baseStyle
        try style.applySinks(to: &map, style: &figureStyle)
        figureStyle.markGenerated(of: data, in: map)
        if let mask = try style.readMask(rows: map.matrix.rows, columns: map.matrix.columns) { figureStyle.mask = mask }
        if figureStyle.mask != .none && figureStyle.mask.hidesEverything(rows: map.matrix.rows, columns: map.matrix.columns) {
            throw CLIFailure("\(style.mask ?? "--mask"): hides every cell")
        }
        if terminal {
            try drawInTerminal(&map, style: figureStyle)
        }
        guard let output else { return }
        guard let format = ImageFormat.forPath(output, dpi: style.dpi) else { throw CLIFailure("\(output): unknown output type") }
        do {
            let figure = try Heatmap(map: map, style: figureStyle)
            let (bytes, layout) = try figure.renderWithLayout(format: format)
            try AtomicFile.write(bytes, to: output)
            for note in layout.notes { Diagnostics.line("note: \(note)") }
        } catch let error as RenderError {
            throw CLIFailure("\(input.file): \(error.userMessage)")
        }
    }

    private func writeGrid(_ data: AttentionData, style: HeatmapStyle) throws {
        guard let output, let format = ImageFormat.forPath(output, dpi: self.style.dpi) else { return }
        var gridStyle = style
        if let mask = try self.style.readMask(rows: data.tensor.shape.queries, columns: data.tensor.shape.keys) {
            gridStyle.mask = mask
        }
        do {
            let figure = try HeadGrid(tensor: data.tensor, style: gridStyle, sizeGiven: self.style.size != nil)
            try AtomicFile.write(figure.render(format: format), to: output)
        } catch let error as RenderError {
            throw CLIFailure("\(input.file): \(error.userMessage)")
        } catch let error as AttentionError {
            throw FormatError(path: input.file, error)
        }
    }

    private func drawInTerminal(_ map: inout AttentionMap, style: HeatmapStyle) throws {
        let environment = ProcessInfo.processInfo.environment
        let mode = colorMode.mode ?? TerminalColorMode.detect(environment: environment)
        let columns = width ?? TerminalSize.columns(environment: environment)
        let scale: ColorScale
        do { scale = try Heatmap(map: map, style: style).scale } catch { throw CLIFailure("\(input.file): \(error.userMessage)") }
        var shown = map
        shown.matrix = style.mask.applied(to: map.matrix)
        let options = TerminalHeatmap.Options(colormap: scale.colormap, mode: mode, width: columns,
                                              range: scale.vmin...scale.vmax, title: self.style.title ?? "")
        FileHandle.standardOutput.write(Data(TerminalHeatmap.render(shown, options: options).utf8))
    }
}
