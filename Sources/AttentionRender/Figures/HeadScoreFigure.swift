import Attention
import AttentionText

/// Every computed ``HeadScore`` of a model as a small layers × heads heatmap, one panel per score
/// on one page (three to a row), each with its own colour bar: what `attnviz heads -o` and
/// `attnviz stats -o` draw. Heads where a score is undefined are left blank.
///
/// ```swift
/// let figure = try HeadScoreFigure(table: sums.means())
/// let png = try figure.render(format: .png(dpi: 144))
/// ```
public struct HeadScoreFigure: Sendable {
    /// One panel and where it goes on the page, in points.
    public struct Panel: Sendable {
        public var score: HeadScore
        public var heatmap: Heatmap
        public var frame: Rect
    }

    /// The panels in ``HeadScore`` order.
    public let panels: [Panel]
    /// The page size in points.
    public let size: Size

    /// Panels for every score of `table`, drawn with `style`'s colormap, fonts and page (its size
    /// is per panel; by default it grows with the number of layers and heads).
    public init(table: HeadScoreTable, style base: HeatmapStyle? = nil, columns: Int = 3) throws(RenderError) {
        let scores = table.scores
        guard !scores.isEmpty, table.layers > 0, table.heads > 0 else { throw .invalidOption("no head scores to draw") }
        var style = base ?? HeatmapStyle()
        if base == nil {
            style.colormap = "viridis"
            style.fontSize = 9
            style.width = min(8, max(3.6, 2.2 + 0.27 * Double(table.heads)))
            style.height = min(9, max(2.8, 1.5 + 0.17 * Double(table.layers)))
        }
        style.xTicksOnTop = false
        let rows = Tokens((0..<table.layers).map { "L\($0)" })
        let heads = Tokens((0..<table.heads).map { "H\($0)" })
        let perRow = max(1, min(columns, scores.count))
        let width = (style.width * 72).rounded(), height = (style.height * 72).rounded()
        var panels = [Panel]()
        for (index, score) in scores.enumerated() {
            let values = table.values[score] ?? []
            let matrix = AttentionMatrix(rows: table.layers, columns: table.heads, values: values.map { Float($0 ?? 0) })
            var panelStyle = style
            // "induction: the token after an earlier copy" (the summary without "weight on").
            let caption = score.summary.hasPrefix("weight on ") ? String(score.summary.dropFirst(10)) : score.summary
            panelStyle.title = caption == score.rawValue ? caption : "\(score.rawValue): \(caption)"
            if values.contains(where: { $0 == nil }) {
                let undefined = AttentionMatrix(rows: table.layers, columns: table.heads, values: values.map { $0 == nil ? 1 : 0 })
                panelStyle.mask = HeatmapMask(hidingNonZeroOf: undefined)
                if panelStyle.mask.hidesEverything(rows: table.layers, columns: table.heads) { continue }
            }
            let map: AttentionMap
            do { map = try AttentionMap(matrix: matrix, rowLabels: rows, columnLabels: heads) } catch {
                throw .invalidOption("head scores: \(error)")   // labels are built to fit; not reached
            }
            let frame = Rect(x: Double(index % perRow) * width, y: Double(index / perRow) * height, width: width, height: height)
            panels.append(Panel(score: score, heatmap: try Heatmap(map: map, style: panelStyle), frame: frame))
        }
        self.panels = panels
        let rowsOfPanels = (scores.count + perRow - 1) / perRow
        size = Size(width: Double(perRow) * width, height: Double(rowsOfPanels) * height)
    }

    /// Draws every panel in its frame of `canvas`, on the page colour of the first.
    public func draw(on canvas: some Canvas) throws(RenderError) {
        if let theme = panels.first?.heatmap.style.theme {
            canvas.fill(Rect(x: 0, y: 0, width: size.width, height: size.height), color: theme.page)
        }
        for panel in panels {
            let region = CanvasRegion(base: canvas, origin: Point(x: panel.frame.x, y: panel.frame.y),
                                      size: Size(width: panel.frame.width, height: panel.frame.height))
            let layout = try panel.heatmap.layout(pixelsPerPoint: region.pixelsPerPoint, measurer: region)
            panel.heatmap.draw(layout, on: region)
        }
    }
}
