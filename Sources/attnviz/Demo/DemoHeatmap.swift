import Attention
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// The demo's heatmap files: the note's `gperes` drawn exactly as its `genpic.py` does —
/// `YlOrRd`, rows = queries top to bottom, x tick labels on top, horizontal y labels, Chinese
/// labels, colour range = data min..max, colour bar on the right — as PNG, SVG and PDF.
enum DemoHeatmap {
    /// The style of the note's figure (seaborn's default 6.4x4.8 in at 100 dpi).
    static var style: HeatmapStyle {
        var style = HeatmapStyle()
        style.colormap = "YlOrRd"
        style.xTicksOnTop = true
        style.yRotation = 0
        style.colorBar = true
        return style
    }

    /// Writes heatmap.png, .svg and .pdf into `folder`, returning their paths.
    static func write(to folder: String) throws -> [String] {
        let data = SeedExample.data
        let map = try AttentionMap(matrix: data.tensor.matrix(layer: 0, head: 0), rowLabels: data.queryLabels, columnLabels: data.keyLabels)
        let figure = try Heatmap(map: map, style: style)
        var written: [String] = []
        for (name, format) in [("heatmap.png", ImageFormat.png(dpi: figure.style.dpi)), ("heatmap.svg", .svg), ("heatmap.pdf", .pdf)] {
            let path = (folder as NSString).appendingPathComponent(name)
            try AtomicFile.write(figure.render(format: format), to: path)
            written.append(path)
        }
        return written
    }
}
