import Attention
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// `attnviz demo`'s text heat: the note's 7 examples (the rows of the 武汉市长江大桥 matrix over
/// `武 汉 市 长 江 大 桥`) as `text.html` and `text.png`.
enum DemoTextHeat {
    /// Writes both files into `folder`, returning their paths.
    static func write(to folder: String) throws -> [String] {
        let heat = TextHeat.seedExample
        let html = (folder as NSString).appendingPathComponent("text.html")
        try AtomicFile.write(TextHeatHTML.render(heat, options: .init(legend: true)), to: html)
        let png = (folder as NSString).appendingPathComponent("text.png")
        try TextHeatImageOutput.write(heat, to: png, title: "Heatmaps", paint: .note, legend: true)
        return [html, png]
    }
}
