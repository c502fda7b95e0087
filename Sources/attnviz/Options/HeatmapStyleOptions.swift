import ArgumentParser
import Attention
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// How a heatmap looks, as seaborn's `heatmap` arguments: colours and their scale, annotations,
/// masks, colour bar, tick labels, titles, size and page. `attnviz heatmap` and
/// `attnviz run --heatmap` share it (`@OptionGroup var style: HeatmapStyleOptions`), so a figure
/// drawn from a file and one drawn straight from a model take the same flags.
///
/// ```sh
/// attnviz heatmap attn.npy --cmap viridis --norm sqrt --annot --fmt .2f --size 8x6 -o a.pdf
/// attnviz run --model DIR "Hello" --heatmap a.png --mask causal --norm log --vmin 1e-4
/// ```
struct HeatmapStyleOptions: ParsableArguments {
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

    @Option(help: ArgumentHelp("Colour scale: linear, sqrt, log or power:G.", valueName: "norm"),
            transform: { text throws in try ColorNorm(parsing: text) })
    var norm: ColorNorm = .linear

    @Flag(help: "Write each value into its cell.")
    var annot = false

    @Option(help: ArgumentHelp("Python format of annotations (.2g, .3f, .1%, d, ...).", valueName: "spec"),
            transform: { text throws in try NumberFormat(text) })
    var fmt: NumberFormat?

    @Option(help: ArgumentHelp("Hide cells: upper, lower, causal (keys after the query), or a matrix file (non-zero = hidden).", valueName: "mask"))
    var mask: String?

    @Option(help: ArgumentHelp("Width of lines between cells in points.", valueName: "pt"))
    var linewidth: Double = 0

    @Option(help: ArgumentHelp("Colour of lines between cells (CSS colour).", valueName: "css"),
            transform: { text throws in try CSSColor(text) })
    var linecolor: CSSColor = CSSColor(rgb: .white)

    @Flag(help: "Leave out the colour bar.")
    var noCbar = false

    @Option(help: ArgumentHelp("Label beside the colour bar.", valueName: "text"))
    var cbarLabel: String?

    @Flag(help: "Make cells square.")
    var square = false

    @Option(help: ArgumentHelp("Column labels: auto, all, none or every N.", valueName: "which"),
            transform: { text throws in try TickLabels(parsing: text) })
    var xticklabels: TickLabels = .auto

    @Option(help: ArgumentHelp("Row labels: auto, all, none or every N.", valueName: "which"),
            transform: { text throws in try TickLabels(parsing: text) })
    var yticklabels: TickLabels = .auto

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

    @Option(help: ArgumentHelp("Figure size in inches, WIDTHxHEIGHT (default 6.4x4.8; grids grow with the number of heads).", valueName: "WxH"),
            transform: { text throws in try FigureSize(parsing: text) })
    var size: FigureSize?

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

    @Option(help: ArgumentHelp("""
        Attention sinks: keys left out of the colour range (their cells clip at the top colour): first, special \
        ([CLS], [SEP], <s>...), first+special, or indices such as 0,5,-1.
        """, valueName: "keys"))
    var sinkKeys: String?

    @Flag(help: "With --sink-keys: renormalise each row without those keys instead (their columns become 0).")
    var renormalizeWithoutSinks = false

    /// Applies `--sink-keys` to one matrix: its colour range then spans the other keys (unless
    /// --vmax is given) and the colour bar says which keys are left out; or, with
    /// `--renormalize-without-sinks`, the rows are renormalised without them.
    func applySinks(to map: inout AttentionMap, style: inout HeatmapStyle) throws {
        guard let text = sinkKeys else {
            if renormalizeWithoutSinks { throw CLIFailure("--renormalize-without-sinks needs --sink-keys") }
            return
        }
        guard let sinks = SinkKeys(parsing: text) else {
            throw CLIFailure("--sink-keys \(text): expected first, special, first+special or indices such as 0,5,-1")
        }
        let columns = sinks.columns(in: map.columnLabels)
        guard !columns.isEmpty else { throw CLIFailure("--sink-keys \(text): no key of the matrix matches") }
        guard columns.count < map.matrix.columns else { throw CLIFailure("--sink-keys \(text): selects every key, nothing is left to colour") }
        let names = columns.prefix(4).map { DisplaySafe.quoted(map.columnLabels.strings[$0]) }.joined(separator: ", ")
            + (columns.count > 4 ? " and \(columns.count - 4) more" : "")
        if renormalizeWithoutSinks {
            map = try map.renormalized(without: columns)
            style.colorBarLabel = style.colorBarLabel ?? "renormalised without \(names)"
        } else if vmax == nil, let range = map.matrix.finiteRange(excludingColumns: columns) {
            style.vmax = Double(range.upperBound)
            if vmin == nil && !robust { style.vmin = Double(min(range.lowerBound, map.matrix.finiteRange?.lowerBound ?? range.lowerBound)) }
            style.colorBarLabel = style.colorBarLabel ?? "range without \(names) (clipped)"
        }
    }

    /// Which side the column labels go.
    enum Side: String, ExpressibleByArgument, CaseIterable {
        case top, bottom
    }

    /// The style these options describe. A bad colormap name or an inconsistent combination
    /// (vmin above vmax, a log scale from zero, a size out of range) is a `CLIFailure` naming it.
    func style() throws(CLIFailure) -> HeatmapStyle {
        var style = HeatmapStyle()
        do {
            _ = try Colormap.named(cmap)
        } catch { throw CLIFailure("--cmap: \(error)") }
        style.colormap = cmap
        style.vmin = vmin
        style.vmax = vmax
        style.center = center
        style.robust = robust
        style.norm = norm
        style.annotate = annot
        if let fmt { style.annotationFormat = fmt.description }   // else seaborn's .2g
        style.lineWidth = linewidth
        style.lineColor = linecolor.rgb
        style.colorBar = !noCbar
        style.colorBarLabel = cbarLabel
        style.square = square
        style.xTickLabels = xticklabels
        style.yTickLabels = yticklabels
        style.xTicksOnTop = xticks == .top
        style.xRotation = xrotation
        style.yRotation = yrotation
        style.title = title
        style.xLabel = xlabel
        style.yLabel = ylabel
        if let size {
            style.width = size.width
            style.height = size.height
        }
        style.dpi = dpi
        style.background = background
        style.transparent = transparent
        style.font = font
        style.fontSize = fontSize
        style.pooling = pool
        do { try style.validate() } catch { throw CLIFailure(error.userMessage) }
        return style
    }

    /// The `--mask` for a `rows`×`columns` matrix: `upper`, `lower`, `causal`, or a matrix file
    /// of that shape whose non-zero cells are hidden; `nil` without `--mask`.
    func readMask(rows: Int, columns: Int) throws -> HeatmapMask? {
        guard let text = mask else { return nil }
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
