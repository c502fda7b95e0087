import Attention
import AttentionText

/// Every option of a heatmap figure, with seaborn's meaning and the note's defaults
/// (`YlOrRd`, x tick labels on top, horizontal y labels, colour bar on the right).
///
/// ```swift
/// var style = HeatmapStyle()
/// style.colormap = "viridis"
/// style.annotate = true
/// style.mask = .causal
/// let png = try Heatmap(map: map, style: style).render(format: .png(dpi: 150))
/// ```
public struct HeatmapStyle: Sendable, Hashable {
    /// matplotlib/seaborn colormap name, `NAME_r` for reversed.
    public var colormap = "YlOrRd"
    /// Value drawn with the first colour (default: data minimum).
    public var vmin: Double?
    /// Value drawn with the last colour (default: data maximum).
    public var vmax: Double?
    /// Value to put at the colormap's middle colour (diverging data).
    public var center: Double?
    /// Use the 2nd and 98th percentiles for the default range.
    public var robust = false
    /// How values map onto colours.
    public var norm: ColorNorm = .linear

    /// Write each value into its cell.
    public var annotate = false
    /// Python format spec for annotations (seaborn's `fmt`).
    public var annotationFormat = ".2g"

    /// Cells to leave empty.
    public var mask: HeatmapMask = .none
    /// Width in points of lines between cells (0 = none).
    public var lineWidth = 0.0
    /// Colour of the lines between cells.
    public var lineColor: RGB = .white

    /// Draw the colour bar.
    public var colorBar = true
    /// Text beside the colour bar.
    public var colorBarLabel: String?
    /// Make cells square.
    public var square = false

    /// Which column (key) labels to show.
    public var xTickLabels: TickLabels = .auto
    /// Which row (query) labels to show.
    public var yTickLabels: TickLabels = .auto
    /// Column labels above the matrix (the note) or below.
    public var xTicksOnTop = true
    /// Rotation of column labels in degrees counter-clockwise; `nil` = horizontal when they
    /// fit, else vertical.
    public var xRotation: Double?
    /// Rotation of row labels in degrees counter-clockwise (0 = horizontal, the note's).
    public var yRotation = 0.0

    /// Figure title.
    public var title: String?
    /// Axis title for the columns.
    public var xLabel: String?
    /// Axis title for the rows.
    public var yLabel: String?

    /// Figure width in inches.
    public var width = 6.4
    /// Figure height in inches.
    public var height = 4.8
    /// Pixels per inch of PNG output.
    public var dpi = 100.0
    /// Page colours.
    public var background: Theme.Background = .white
    /// Leave the page transparent.
    public var transparent = false

    /// fontconfig family list for all text.
    public var font = "sans-serif"
    /// Size of tick labels in points (title is 1.2x).
    public var fontSize = 10.0
    /// How more cells than pixels are combined.
    public var pooling: PoolingMode = .max
    /// Rows and columns from this index on are tokens the model generated (`attnviz run
    /// --generate`): a line in `generatedColor` separates them from the prompt on both axes and
    /// their tick labels are drawn in that colour. Ignored unless the matrix is square and at
    /// least that large (a sliced or pooled matrix has no single boundary).
    public var generatedFrom: Int?
    /// The colour marking generated tokens (matplotlib's tab:blue, apart from every sequential map).
    public var generatedColor = RGB(red: 0x1F, green: 0x77, blue: 0xB4)

    /// Marks `data`'s generated tokens when `map` shows its whole sequence (a sliced or pooled
    /// matrix has no single boundary); returns the first generated token's index when it does.
    @discardableResult
    public mutating func markGenerated(of data: AttentionData, in map: AttentionMap) -> Int? {
        guard let from = data.generatedFrom, map.matrix.rows == data.tensor.shape.queries,
              map.matrix.columns == data.tensor.shape.keys else { return nil }
        generatedFrom = from
        return from
    }

    public init() {}

    /// Checks the numbers make sense.
    public func validate() throws(RenderError) {
        guard width.isFinite, height.isFinite, width > 0.5, height > 0.5, width <= 200, height <= 200 else {
            throw .invalidOption("size \(width)x\(height) inches must be between 0.5 and 200 per side")
        }
        guard dpi.isFinite, dpi >= 10, dpi <= 2400 else { throw .invalidOption("dpi \(dpi) must be between 10 and 2400") }
        guard fontSize.isFinite, fontSize >= 2, fontSize <= 200 else { throw .invalidOption("font size \(fontSize) must be between 2 and 200 points") }
        guard lineWidth.isFinite, lineWidth >= 0, lineWidth <= 100 else { throw .invalidOption("line width \(lineWidth) must be between 0 and 100 points") }
        for (name, value) in [("vmin", vmin), ("vmax", vmax), ("center", center)] {
            if let value, !value.isFinite { throw .invalidOption("\(name) must be a finite number") }
        }
        if let vmin, let vmax, vmin > vmax { throw .invalidOption("vmin \(vmin) is greater than vmax \(vmax)") }
        if let xRotation, !xRotation.isFinite { throw .invalidOption("x rotation must be finite") }
        guard yRotation.isFinite else { throw .invalidOption("y rotation must be finite") }
        if case .every(let n) = xTickLabels, n < 1 { throw .invalidOption("x tick labels every \(n): n must be positive") }
        if case .every(let n) = yTickLabels, n < 1 { throw .invalidOption("y tick labels every \(n): n must be positive") }
        _ = try NumberFormat(annotationFormat)
    }

    /// The page colours.
    public var theme: Theme { Theme(background: background, transparent: transparent) }
    /// The font of tick labels.
    public var labelStyle: TextStyle { TextStyle(family: font, size: fontSize) }
    /// The font of the title.
    public var titleStyle: TextStyle { TextStyle(family: font, size: fontSize * 1.2) }
}
