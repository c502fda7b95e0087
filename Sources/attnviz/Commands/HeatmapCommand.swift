import ArgumentParser
import Attention
import AttentionFormats
import AttentionRender
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

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file: .png, .svg or .pdf.", valueName: "path"))
    var output: String?

    @Flag(help: "Draw in the terminal instead of (or as well as) writing a file.")
    var terminal = false

    @Flag(help: "Draw every layer and head as a grid of thumbnails with a shared colour scale.")
    var grid = false

    @Option(help: ArgumentHelp("Colormap: YlOrRd (default), viridis, rocket, RdBu, ...; NAME_r reverses.", valueName: "name"))
    var cmap: String = "YlOrRd"

    @Option(help: ArgumentHelp("Value of the first colour (default: data minimum).", valueName: "x"))
    var vmin: Double?

    @Option(help: ArgumentHelp("Value of the last colour (default: data maximum).", valueName: "x"))
    var vmax: Double?

    @Option(help: ArgumentHelp("Value at the colormap's centre (for diverging colormaps).", valueName: "x"))
    var center: Double?

    @Flag(help: "Colour range from the 2nd to 98th percentile instead of min..max.")
    var robust = false

    @Option(help: ArgumentHelp("Colour scale: linear, sqrt, log or power:G.", valueName: "norm"))
    var norm: String = "linear"

    @Flag(help: "Write each value into its cell.")
    var annot = false

    @Option(help: ArgumentHelp("Python format of annotations (.2g, .3f, .1%, d, ...).", valueName: "spec"))
    var fmt: String = ".2g"

    @Option(help: ArgumentHelp("Hide cells: upper, lower, causal (keys after the query), or a matrix file (non-zero = hidden).", valueName: "mask"))
    var mask: String?

    @Option(help: ArgumentHelp("Width of lines between cells in points.", valueName: "pt"))
    var linewidth: Double = 0

    @Option(help: ArgumentHelp("Colour of lines between cells (CSS colour).", valueName: "css"))
    var linecolor: String = "white"

    @Flag(help: "Leave out the colour bar.")
    var noCbar = false

    @Option(help: ArgumentHelp("Label beside the colour bar.", valueName: "text"))
    var cbarLabel: String?

    @Flag(help: "Make cells square.")
    var square = false

    @Option(help: ArgumentHelp("Column labels: auto, all, none or every N.", valueName: "which"))
    var xticklabels: String = "auto"

    @Option(help: ArgumentHelp("Row labels: auto, all, none or every N.", valueName: "which"))
    var yticklabels: String = "auto"

    @Option(help: ArgumentHelp("Column labels on top (the note) or bottom.", valueName: "side"))
    var xticks: Side = .top

    @Option(help: ArgumentHelp("Rotation of column labels in degrees (default: horizontal if they fit, else vertical).", valueName: "deg"))
    var xrotation: Double?

    @Option(help: ArgumentHelp("Rotation of row labels in degrees.", valueName: "deg"))
    var yrotation: Double = 0

    @Option(help: "Figure title.")
    var title: String?

    @Option(help: "Axis title under/over the column labels.")
    var xlabel: String?

    @Option(help: "Axis title beside the row labels.")
    var ylabel: String?

    @Option(help: ArgumentHelp("Figure size in inches, WIDTHxHEIGHT (default 6.4x4.8; grids grow with the number of heads).", valueName: "WxH"))
    var size: String?

    @Option(help: ArgumentHelp("PNG resolution in pixels per inch.", valueName: "dpi"))
    var dpi: Double = 100

    @Option(help: ArgumentHelp("Page colour: white or dark.", valueName: "colour"))
    var background: Theme.Background = .white

    @Flag(help: "Transparent page.")
    var transparent = false

    @Option(help: ArgumentHelp("Font family list for all text (fontconfig, e.g. \"Noto Sans CJK SC\").", valueName: "family"))
    var font: String = "sans-serif"

    @Option(help: ArgumentHelp("Tick label size in points.", valueName: "pt"))
    var fontSize: Double = 10

    @Option(help: ArgumentHelp("How cells are combined when there are more than pixels: max or mean.", valueName: "how"))
    var pool: PoolingMode = .max

    @Option(help: ArgumentHelp("Terminal columns for --terminal (default: $COLUMNS or the terminal's width).", valueName: "n"))
    var width: Int?

    @Option(help: ArgumentHelp("Terminal colours: auto, truecolor, 256 or none.", valueName: "mode"))
    var colorMode: TextCommand.ColorModeChoice = .auto

    enum Side: String, ExpressibleByArgument, CaseIterable {
        case top, bottom
    }

    func validate() throws {
        if output == nil && !terminal { throw ValidationError("give -o FILE (.png, .svg, .pdf) or --terminal") }
        if grid && terminal { throw ValidationError("--grid draws an image; drop --terminal") }
        if grid && (selection.layer != nil || selection.head != nil || selection.heads != nil || selection.layers != nil || selection.rollout) {
            throw ValidationError("--grid shows every layer and head; drop --layer/--head/--heads/--layers/--rollout")
        }
    }

    func run() async throws {
        if let output, ImageFormat.forPath(output) == nil {
            throw CLIFailure("\(output): unknown output type; use .png, .svg or .pdf")
        }
        let style = try makeStyle()
        let data = try input.load()
        if grid {
            try writeGrid(data, style: style)
            return
        }
        var map = try selection.map(from: data)
        var figureStyle = style
        figureStyle.markGenerated(of: data, in: map)
        if let mask { figureStyle.mask = try readMask(mask, rows: map.matrix.rows, columns: map.matrix.columns) }
        if figureStyle.mask != .none && figureStyle.mask.hidesEverything(rows: map.matrix.rows, columns: map.matrix.columns) {
            throw CLIFailure("\(mask ?? "--mask"): hides every cell")
        }
        if terminal {
            try drawInTerminal(&map, style: figureStyle)
        }
        guard let output else { return }
        guard let format = ImageFormat.forPath(output, dpi: dpi) else { throw CLIFailure("\(output): unknown output type") }
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
        guard let output, let format = ImageFormat.forPath(output, dpi: dpi) else { return }
        var gridStyle = style
        if let mask {
            gridStyle.mask = try readMask(mask, rows: data.tensor.shape.queries, columns: data.tensor.shape.keys)
        }
        do {
            let figure = try HeadGrid(tensor: data.tensor, style: gridStyle, sizeGiven: size != nil)
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
                                              range: scale.vmin...scale.vmax, title: title ?? "")
        FileHandle.standardOutput.write(Data(TerminalHeatmap.render(shown, options: options).utf8))
    }

    /// The style these options describe; option mistakes name the option.
    func makeStyle() throws -> HeatmapStyle {
        var style = HeatmapStyle()
        do {
            _ = try Colormap.named(cmap)
            style.colormap = cmap
        } catch { throw CLIFailure("--cmap: \(error)") }
        style.vmin = vmin
        style.vmax = vmax
        style.center = center
        style.robust = robust
        do { style.norm = try ColorNorm(parsing: norm) } catch { throw CLIFailure("--norm: \(error)") }
        style.annotate = annot
        style.annotationFormat = fmt
        do { _ = try NumberFormat(fmt) } catch { throw CLIFailure("--fmt: \(error)") }
        style.lineWidth = linewidth
        do { style.lineColor = try CSSColor(linecolor).rgb } catch { throw CLIFailure("--linecolor: \(error)") }
        style.colorBar = !noCbar
        style.colorBarLabel = cbarLabel
        style.square = square
        do { style.xTickLabels = try TickLabels(parsing: xticklabels) } catch { throw CLIFailure("--xticklabels: \(error)") }
        do { style.yTickLabels = try TickLabels(parsing: yticklabels) } catch { throw CLIFailure("--yticklabels: \(error)") }
        style.xTicksOnTop = xticks == .top
        style.xRotation = xrotation
        style.yRotation = yrotation
        style.title = title
        style.xLabel = xlabel
        style.yLabel = ylabel
        if let size {
            let parts = size.lowercased().split(separator: "x")
            guard parts.count == 2, let w = Double(parts[0]), let h = Double(parts[1]) else {
                throw CLIFailure("--size \(size): expected WIDTHxHEIGHT in inches, e.g. 8x6")
            }
            style.width = w
            style.height = h
        }
        style.dpi = dpi
        style.background = background
        style.transparent = transparent
        style.font = font
        style.fontSize = fontSize
        style.pooling = pool
        do { try style.validate() } catch { throw CLIFailure("\(error)") }
        return style
    }

    /// `upper`, `lower`, `causal`, or a matrix file whose non-zero cells are hidden.
    private func readMask(_ text: String, rows: Int, columns: Int) throws -> HeatmapMask {
        if let named = try? HeatmapMask(parsing: text) { return named }
        guard FileManager.default.fileExists(atPath: text) else {
            throw CLIFailure("\(text): --mask is not upper, lower, causal or an existing file")
        }
        let data = try AttentionFile.read(path: text, options: AttentionReadOptions(allowNonFinite: true, memoryLimit: AttentionReadOptions.halfOfPhysicalMemory))
        let shape = data.tensor.shape
        guard shape.layers == 1, shape.heads == 1, shape.queries == rows, shape.keys == columns else {
            throw FormatError.malformed(path: text, problem: "mask has shape \(shape) but the matrix is \(rows)x\(columns)")
        }
        return HeatmapMask(hidingNonZeroOf: try data.tensor.matrix(layer: 0, head: 0))
    }
}

extension Theme.Background: ExpressibleByArgument {}
extension PoolingMode: ExpressibleByArgument {}
