import AttentionText
import Foundation

/// Where everything of a heatmap goes, in points: the cell area, every tick label (measured
/// with Pango, thinned or rotated so that no two overlap, long tokens ellipsised), the colour
/// bar and its ticks, title and annotations. Computed before drawing, so tests can check label
/// boxes without rasterising, and PNG, SVG and PDF share it.
///
/// ```swift
/// let layout = try HeatmapLayout(rows: 7, columns: 7, rowLabels: tokens, columnLabels: tokens,
///                                style: HeatmapStyle(), scale: scale, measurer: PangoTextMeasurer())
/// layout.plot                      // the rectangle of the cells
/// layout.texts.map(\.box)          // no two intersect
/// ```
public struct HeatmapLayout: Sendable {
    /// A colour-bar tick: its value and vertical position.
    public typealias ColorBarTick = ColorBar.Tick

    public let size: Size
    /// The rectangle covered by the cells.
    public let plot: Rect
    public let rows: Int
    public let columns: Int
    /// Rows and columns that got a label.
    public let yTickIndices: [Int]
    public let xTickIndices: [Int]
    /// Rotation used for column labels (degrees counter-clockwise).
    public let xRotation: Double
    /// Every label except annotations: title, axis titles, tick labels, colour-bar labels.
    public let texts: [PlacedText]
    /// Values written into cells (empty unless annotating and the cells are large enough).
    public let annotations: [PlacedText]
    /// Tick marks of both axes and the colour bar.
    public let tickMarks: Path
    /// The colour bar's rectangle, if drawn.
    public let colorBar: Rect?
    public let colorBarTicks: [ColorBarTick]
    /// Things the layout could not do as asked (e.g. all labels requested but too many to fit).
    public let notes: [String]

    /// The rectangle of cell (`row`, `column`).
    public func cell(row: Int, column: Int) -> Rect {
        let w = plot.width / Double(columns), h = plot.height / Double(rows)
        return Rect(x: plot.minX + Double(column) * w, y: plot.minY + Double(row) * h, width: w, height: h)
    }

    /// Lays out a `rows x columns` heatmap.
    /// - Parameters:
    ///   - annotation: the text for cell (row, column), `nil` to leave it empty; only asked
    ///     when `style.annotate` and the cells can hold text.
    ///   - pixelScale: device pixels per point for PNG output (cell area edges snap to pixels).
    public init(rows: Int, columns: Int, rowLabels: [String], columnLabels: [String], style: HeatmapStyle,
                scale: ColorScale, measurer: some TextMeasuring, pixelScale: Double? = nil,
                annotation: ((Int, Int) -> String?)? = nil) throws(RenderError) {
        guard rows > 0, columns > 0 else { throw .invalidOption("nothing to draw: the matrix is \(rows)x\(columns)") }
        guard rowLabels.count == rows, columnLabels.count == columns else {
            throw .invalidOption("\(rowLabels.count) row labels and \(columnLabels.count) column labels for a \(rows)x\(columns) matrix")
        }
        var engine = LayoutEngine(rows: rows, columns: columns, rowLabels: rowLabels, columnLabels: columnLabels,
                                  style: style, scale: scale, measurer: measurer, pixelScale: pixelScale)
        try engine.solve()
        let placed = engine.place()
        size = engine.page
        plot = engine.plot
        self.rows = rows
        self.columns = columns
        yTickIndices = placed.yIndices
        xTickIndices = placed.xIndices
        xRotation = engine.xAngle
        texts = placed.texts
        tickMarks = placed.ticks
        colorBar = placed.colorBar
        colorBarTicks = placed.colorBarTicks
        var notes = engine.notes + placed.notes
        if style.annotate, let annotation {
            let (annotations, note) = engine.annotations(annotation)
            self.annotations = annotations
            if let note { notes.append(note) }
        } else {
            annotations = []
        }
        self.notes = notes
    }
}

/// The iterative solver behind `HeatmapLayout`: margins depend on the labels shown, which
/// depend on the cell spacing, which depends on the margins; label extents only grow between
/// rounds, so it settles in a few.
private struct LayoutEngine<Measurer: TextMeasuring> {
    let rows: Int
    let columns: Int
    let rowLabels: [String]
    let columnLabels: [String]
    let style: HeatmapStyle
    let scale: ColorScale
    let measurer: Measurer
    let pixelScale: Double?

    let page: Size
    let f: Double
    let pad: Double
    let tickLength: Double
    let tickPad: Double
    let gap: Double
    let lineHeight: Double
    let labelStyle: TextStyle

    var plot = Rect(x: 0, y: 0, width: 1, height: 1)
    var yExtent = 0.0
    var xExtent = 0.0
    var colorBarExtent = 0.0
    /// How far tick labels reach beyond the cell area's sides (rotated or long labels).
    var overhang = Overhang()
    var labelHeight: Double
    var xAngle = 90.0
    var yStep = 1
    var xStep = 1
    var notes: [String] = []
    var titleExtent: TextExtent?
    var colorBarTickValues = NiceTicks.linear(0, 1, bins: 5)

    init(rows: Int, columns: Int, rowLabels: [String], columnLabels: [String], style: HeatmapStyle,
         scale: ColorScale, measurer: Measurer, pixelScale: Double?) {
        self.rows = rows
        self.columns = columns
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.style = style
        self.scale = scale
        self.measurer = measurer
        self.pixelScale = pixelScale
        page = Size(width: style.width * 72, height: style.height * 72)
        f = style.fontSize
        pad = max(6, f)
        tickLength = 0.35 * f
        tickPad = 0.35 * f
        gap = 0.25 * f
        labelStyle = style.labelStyle
        // Latin ascenders/descenders and a CJK glyph: the usual tallest line.
        lineHeight = measurer.measure(TextRun("Ág汉", style: style.labelStyle)).height
        labelHeight = lineHeight
    }

    struct Overhang: Equatable {
        var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0

        func covers(_ other: Overhang) -> Bool {
            other.left <= left + 0.01 && other.right <= right + 0.01 && other.top <= top + 0.01 && other.bottom <= bottom + 0.01
        }

        func union(_ other: Overhang) -> Overhang {
            Overhang(left: max(left, other.left), right: max(right, other.right), top: max(top, other.top), bottom: max(bottom, other.bottom))
        }
    }

    /// Where a row label is pinned to its tick.
    var yAnchor: TextAnchor {
        abs(style.yRotation - 90) < 1e-9 ? TextAnchor(.center, .bottom) : TextAnchor(.trailing, .middle)
    }

    /// Where a column label is pinned to its tick.
    var xAnchor: TextAnchor {
        let top = style.xTicksOnTop
        return xAngle == 0 ? TextAnchor(.center, top ? .bottom : .top) : TextAnchor(top ? .leading : .trailing, .middle)
    }

    var yTickPoint: (Int) -> Point {
        let ch = plot.height / Double(rows), x = plot.minX - tickLength - tickPad, y0 = plot.minY
        return { Point(x: x, y: y0 + (Double($0) + 0.5) * ch) }
    }

    var xTickPoint: (Int) -> Point {
        let cw = plot.width / Double(columns), x0 = plot.minX
        let y = style.xTicksOnTop ? plot.minY - tickLength - tickPad : plot.maxY + tickLength + tickPad
        return { Point(x: x0 + (Double($0) + 0.5) * cw, y: y) }
    }

    var showsX: Bool { style.xTickLabels != .none }
    var showsY: Bool { style.yTickLabels != .none }
    var yCap: Double { max(3 * f, 0.22 * page.width) }
    var xCap: Double { max(3 * f, (xAngle == 0 ? 0.22 * page.width : 0.22 * page.height)) }

    func colorBarWidth(height: Double) -> Double { min(1.6 * f, max(0.6 * f, height / 20)) }

    // MARK: Solving

    mutating func solve() throws(RenderError) {
        if let title = style.title, !title.isEmpty {
            titleExtent = measurer.measure(TextRun(title, style: style.titleStyle, maxWidth: page.width - 2 * pad))
        }
        var settled = false
        for _ in 0..<12 {
            try frame()
            notes = []
            let y = yLabels()
            let x = xLabels()
            let bar = colorBarLabels()
            let height = max(y.height, x.height)
            let reach = y.overhang.union(x.overhang)
            if y.extent <= yExtent + 0.01 && x.extent <= xExtent + 0.01 && bar <= colorBarExtent + 0.01
                && height <= labelHeight + 0.01 && overhang.covers(reach) {
                settled = true
                break
            }
            overhang = overhang.union(reach)
            yExtent = max(yExtent, y.extent)
            xExtent = max(xExtent, x.extent)
            colorBarExtent = max(colorBarExtent, bar)
            labelHeight = max(labelHeight, height)
        }
        if !settled { try frame() }
    }

    /// Margins from the current extents, then the cell area.
    mutating func frame() throws(RenderError) {
        let axisTitle = lineHeight + 0.4 * f
        let xBlock = (showsX ? tickLength + tickPad + xExtent : 0) + (style.xLabel?.isEmpty == false ? axisTitle : 0)
        let half = labelHeight / 2 + 1
        var top = pad + (titleExtent.map { $0.height + 0.6 * f } ?? 0) + (style.xTicksOnTop ? xBlock : 0)
        top = max(top, pad + half, pad + overhang.top)
        let bottom = max(pad + (style.xTicksOnTop ? 0 : xBlock), pad + half, pad + overhang.bottom)
        let left = max(pad + (style.yLabel?.isEmpty == false ? axisTitle : 0) + (showsY ? yExtent + tickLength + tickPad : 0),
                       pad + half, pad + overhang.left)
        let availableHeight = page.height - top - bottom
        var right = pad
        if style.colorBar {
            right += ColorBar.room(fontSize: f, barWidth: colorBarWidth(height: availableHeight), tickLabelWidth: colorBarExtent)
            if style.colorBarLabel?.isEmpty == false { right += ColorBar.labelRoom(fontSize: f, lineHeight: lineHeight) }
        }
        right = max(right, pad + half, pad + overhang.right)
        var area = Rect(x: left, y: top, width: page.width - left - right, height: availableHeight)
        guard area.width >= 8, area.height >= 8 else {
            throw .figureTooSmallForLabels(width: style.width, height: style.height)
        }
        if style.square {
            let cell = min(area.width / Double(columns), area.height / Double(rows))
            let w = cell * Double(columns), h = cell * Double(rows)
            area = Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
        }
        if let s = pixelScale {
            let x0 = (area.minX * s).rounded() / s, y0 = (area.minY * s).rounded() / s
            let x1 = (area.maxX * s).rounded() / s, y1 = (area.maxY * s).rounded() / s
            area = Rect(x: x0, y: y0, width: max(1 / s, x1 - x0), height: max(1 / s, y1 - y0))
        }
        plot = area
    }

    /// The smallest step at which parallel labels `spacing` apart do not overlap.
    func step(spacing: Double, horizontalAxis: Bool, rotation: Double, width: Double, height: Double) -> Int {
        let r = rotation * Double.pi / 180
        let across = horizontalAxis ? abs(sin(r)) : abs(cos(r))
        let along = horizontalAxis ? abs(cos(r)) : abs(sin(r))
        var need = Double.infinity
        if across > 1e-9 { need = min(need, (height + gap) / across) }
        if along > 1e-9 { need = min(need, (width + gap) / along) }
        guard need.isFinite, spacing > 0 else { return Int.max / 4 }
        return max(1, Int((need / spacing - 1e-9).rounded(.up)))
    }

    /// Step for a tick-label mode given the step that avoids overlap.
    mutating func chooseStep(_ mode: TickLabels, needed: Int, count: Int, axis: String) -> Int {
        switch mode {
        case .none: return count + 1
        case .auto: return needed
        case .all:
            if needed > 1 {
                addNote("\(count) \(axis) labels do not fit without overlapping; showing every \(ordinal(needed))")
            }
            return needed
        case .every(let n):
            let chosen = n * max(1, (needed + n - 1) / n)
            if chosen != n { addNote("every \(ordinal(n)) \(axis) label would overlap; showing every \(ordinal(chosen))") }
            return chosen
        }
    }

    mutating func addNote(_ note: String) {
        if !notes.contains(note) { notes.append(note) }
    }

    private func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (1, let t) where t != 11: suffix = "st"
        case (2, let t) where t != 12: suffix = "nd"
        case (3, let t) where t != 13: suffix = "rd"
        default: suffix = "th"
        }
        return n == 1 ? "label" : "\(n)\(suffix)"
    }

    func extents(_ labels: [String], indices: [Int], cap: Double) -> [TextExtent] {
        indices.map { measurer.measure(TextRun(labels[$0], style: labelStyle, maxWidth: cap)) }
    }

    /// Row labels: step, measured extent perpendicular to the axis, tallest line.
    mutating func yLabels() -> (extent: Double, height: Double, overhang: Overhang) {
        guard showsY else { return (0, 0, Overhang()) }
        let spacing = plot.height / Double(rows)
        let angle = style.yRotation
        var needed: Int
        if abs(sin(angle * Double.pi / 180)) < 1e-9 {
            needed = step(spacing: spacing, horizontalAxis: false, rotation: angle, width: 0, height: labelHeight)
        } else {
            let all = extents(rowLabels, indices: Array(0..<rows), cap: yCap)
            needed = step(spacing: spacing, horizontalAxis: false, rotation: angle,
                          width: all.map(\.width).max() ?? 0, height: all.map(\.height).max() ?? 0)
        }
        yStep = chooseStep(style.yTickLabels, needed: needed, count: rows, axis: "row")
        let indices = Array(stride(from: 0, to: rows, by: yStep))
        let shown = extents(rowLabels, indices: indices, cap: yCap)
        let r = angle * Double.pi / 180
        let extent = shown.map { abs(angle - 90) < 1e-9 ? $0.height : $0.width * abs(cos(r)) + $0.height * abs(sin(r)) }.max() ?? 0
        var reach = Overhang()
        let point = yTickPoint
        for (index, e) in zip(indices, shown) {
            let b = yAnchor.box(for: e, at: point(index), rotation: angle).bounds
            reach.top = max(reach.top, plot.minY - b.minY)
            reach.bottom = max(reach.bottom, b.maxY - plot.maxY)
        }
        return (extent, shown.map(\.height).max() ?? 0, reach)
    }

    /// Column labels: rotation (horizontal when all fit, else vertical), step, extent.
    mutating func xLabels() -> (extent: Double, height: Double, overhang: Overhang) {
        guard showsX else { return (0, 0, Overhang()) }
        let spacing = plot.width / Double(columns)
        if let rotation = style.xRotation {
            xAngle = rotation
        } else {
            xAngle = 90
            // Horizontal only when every label fits next to its neighbours.
            if spacing >= 0.6 * labelHeight && style.xTickLabels != .none {
                let all = extents(columnLabels, indices: Array(0..<columns), cap: max(3 * f, 0.22 * page.width))
                var fits = true
                for i in 0..<columns where fits {
                    if i + 1 < columns && (all[i].width + all[i + 1].width) / 2 + gap > spacing { fits = false }
                }
                if fits { xAngle = 0 }
            }
        }
        let r = xAngle * Double.pi / 180
        var needed: Int
        if abs(cos(r)) < 1e-9 {
            needed = step(spacing: spacing, horizontalAxis: true, rotation: xAngle, width: 0, height: labelHeight)
        } else {
            let all = extents(columnLabels, indices: Array(0..<columns), cap: xCap)
            if xAngle == 0 {
                // Centred horizontal labels: neighbours need half of each width.
                var k = 1
                while k < columns {
                    var fits = true
                    var i = 0
                    while i + k < columns {
                        if (all[i].width + all[i + k].width) / 2 + gap > spacing * Double(k) { fits = false; break }
                        i += k
                    }
                    if fits { break }
                    k += 1
                }
                needed = k
            } else {
                needed = step(spacing: spacing, horizontalAxis: true, rotation: xAngle,
                              width: all.map(\.width).max() ?? 0, height: all.map(\.height).max() ?? 0)
            }
        }
        xStep = chooseStep(style.xTickLabels, needed: needed, count: columns, axis: "column")
        let indices = Array(stride(from: 0, to: columns, by: xStep))
        let shown = extents(columnLabels, indices: indices, cap: xCap)
        let extent = shown.map { xAngle == 0 ? $0.height : $0.width * abs(sin(r)) + $0.height * abs(cos(r)) }.max() ?? 0
        var reach = Overhang()
        let point = xTickPoint
        for (index, e) in zip(indices, shown) {
            let b = xAnchor.box(for: e, at: point(index), rotation: xAngle).bounds
            reach.left = max(reach.left, plot.minX - b.minX)
            reach.right = max(reach.right, b.maxX - plot.maxX)
        }
        return (extent, shown.map(\.height).max() ?? 0, reach)
    }

    /// Colour-bar ticks for the current bar height; returns the widest label.
    mutating func colorBarLabels() -> Double {
        guard style.colorBar else { return 0 }
        let bins = max(1, min(9, Int((plot.height / (2 * f)).rounded(.down))))
        colorBarTickValues = ColorBar.ticks(for: scale, bins: bins)
        return colorBarTickValues.labels.map { measurer.measure(TextRun($0, style: labelStyle)).width }.max() ?? 0
    }

    // MARK: Placing

    struct Placed {
        var texts: [PlacedText] = []
        var xIndices: [Int] = []
        var yIndices: [Int] = []
        var ticks = Path()
        var colorBar: Rect?
        var colorBarTicks: [HeatmapLayout.ColorBarTick] = []
        var notes: [String] = []
    }

    func place() -> Placed {
        var out = Placed()
        var candidates: [PlacedText] = []
        let cellWidth = plot.width / Double(columns), cellHeight = plot.height / Double(rows)

        // Title, centred over the cells but kept on the page.
        if let title = style.title, !title.isEmpty, let extent = titleExtent {
            let x = min(max(plot.center.x, pad + extent.width / 2), page.width - pad - extent.width / 2)
            candidates.append(PlacedText(role: .title, run: TextRun(title, style: style.titleStyle, maxWidth: page.width - 2 * pad),
                                         point: Point(x: x, y: pad), anchor: TextAnchor(.center, .top), extent: extent))
        }
        // Colour bar, its ticks and label.
        if style.colorBar {
            let bar = ColorBar(besideCells: plot, width: colorBarWidth(height: plot.height), scale: scale, ticks: colorBarTickValues,
                               tickLabelWidth: colorBarExtent, label: style.colorBarLabel, labelStyle: labelStyle, measurer: measurer)
            out.colorBar = bar.rect
            out.colorBarTicks = bar.ticks
            out.ticks = bar.tickMarks
            candidates += bar.texts
        }
        // Axis titles.
        let xBlock = showsX ? tickLength + tickPad + xExtent : 0
        if let label = style.xLabel, !label.isEmpty {
            let run = TextRun(label, style: labelStyle, maxWidth: plot.width + 2 * pad)
            let point = style.xTicksOnTop
                ? Point(x: plot.center.x, y: plot.minY - xBlock - 0.2 * f)
                : Point(x: plot.center.x, y: plot.maxY + xBlock + 0.2 * f)
            candidates.append(PlacedText(role: .xAxisTitle, run: run, point: point,
                                         anchor: TextAnchor(.center, style.xTicksOnTop ? .bottom : .top), extent: measurer.measure(run)))
        }
        if let label = style.yLabel, !label.isEmpty {
            let run = TextRun(label, style: labelStyle, maxWidth: plot.height)
            let x = plot.minX - (showsY ? tickLength + tickPad + yExtent : 0) - 0.2 * f
            candidates.append(PlacedText(role: .yAxisTitle, run: run, point: Point(x: x, y: plot.center.y),
                                         anchor: TextAnchor(.center, .bottom), rotation: 90, extent: measurer.measure(run)))
        }
        // Row labels.
        if showsY {
            let point = yTickPoint
            for row in stride(from: 0, to: rows, by: yStep) {
                let run = TextRun(rowLabels[row], style: labelStyle, maxWidth: yCap)
                candidates.append(PlacedText(role: .yTick, run: run, point: point(row), anchor: yAnchor,
                                             rotation: style.yRotation, extent: measurer.measure(run), index: row))
            }
        }
        // Column labels.
        if showsX {
            let point = xTickPoint
            for column in stride(from: 0, to: columns, by: xStep) {
                let run = TextRun(columnLabels[column], style: labelStyle, maxWidth: xCap)
                candidates.append(PlacedText(role: .xTick, run: run, point: point(column), anchor: xAnchor,
                                             rotation: xAngle, extent: measurer.measure(run), index: column))
            }
        }

        // Safety net: keep a text only if it lies on the page and touches nothing kept before it.
        let pageRect = Rect(x: 0, y: 0, width: page.width, height: page.height)
        var dropped: [String] = []
        for candidate in candidates {
            let box = candidate.box
            guard pageRect.contains(box.bounds, tolerance: 0.5),
                  !out.texts.contains(where: { $0.box.bounds.intersects(box.bounds) && $0.box.intersects(box) }) else {
                dropped.append(candidate.run.displayText)
                continue
            }
            out.texts.append(candidate)
        }
        if !dropped.isEmpty {
            let names = dropped.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (dropped.count > 3 ? ", …" : "")
            out.notes.append("\(dropped.count) label\(dropped.count == 1 ? "" : "s") left out (\(names)): no room without overlapping")
        }
        out.yIndices = out.texts.filter { $0.role == .yTick }.compactMap(\.index)
        out.xIndices = out.texts.filter { $0.role == .xTick }.compactMap(\.index)
        for row in out.yIndices {
            let y = plot.minY + (Double(row) + 0.5) * cellHeight
            out.ticks.segment(from: Point(x: plot.minX, y: y), to: Point(x: plot.minX - tickLength, y: y))
        }
        for column in out.xIndices {
            let x = plot.minX + (Double(column) + 0.5) * cellWidth
            let edge = style.xTicksOnTop ? plot.minY : plot.maxY
            out.ticks.segment(from: Point(x: x, y: edge), to: Point(x: x, y: style.xTicksOnTop ? edge - tickLength : edge + tickLength))
        }
        return out
    }

    /// Cell annotations at the largest size up to the label size at which every value fits
    /// its cell; none when that would be under 5 points.
    func annotations(_ text: (Int, Int) -> String?) -> ([PlacedText], String?) {
        let cellWidth = plot.width / Double(columns), cellHeight = plot.height / Double(rows)
        let base = labelStyle
        let minimum = 5.0
        // Cells must hold at least one line at the minimum size.
        guard cellHeight * 0.9 >= lineHeight * minimum / f else {
            return ([], "cells too small to annotate (\(rows)x\(columns) in \(Int(plot.width))x\(Int(plot.height)) pt); enlarge the figure or drop the annotations")
        }
        var items: [(Int, Int, String, TextExtent)] = []
        var factor = 1.0
        for row in 0..<rows {
            for column in 0..<columns {
                guard let s = text(row, column), !s.isEmpty else { continue }
                let e = measurer.measure(TextRun(s, style: base))
                items.append((row, column, s, e))
                if e.width > 0 { factor = min(factor, cellWidth * 0.9 / e.width) }
                if e.height > 0 { factor = min(factor, cellHeight * 0.9 / e.height) }
            }
        }
        let size = (f * factor * 10).rounded(.down) / 10
        guard size >= minimum else {
            return ([], "cells too small for the annotations (would need \(String(format: "%.1f", size)) pt text); enlarge the figure or use a shorter number format")
        }
        let style = base.sized(size)
        return (items.map { row, column, s, _ in
            let run = TextRun(s, style: style)
            let center = Point(x: plot.minX + (Double(column) + 0.5) * cellWidth, y: plot.minY + (Double(row) + 0.5) * cellHeight)
            return PlacedText(role: .annotation, run: run, point: center, anchor: TextAnchor(.center, .middle),
                              extent: measurer.measure(run), index: row * columns + column)
        }, nil)
    }
}
