import Attention
import Foundation
import Testing
@testable import AttentionRender
import AttentionText

/// What seaborn paints (face colours of its QuadMesh), exported by
/// scripts/fixtures/export_heatmap_goldens.py.
private struct Goldens: Decodable {
    struct Case: Decodable {
        var options: [String: Option]
        var colors: [[String?]]
        var vmin: Double
        var vmax: Double
        var data: [[Double]]
    }

    enum Option: Decodable {
        case number(Double), text(String), flag(Bool)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .flag(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .text(try c.decode(String.self)) }
        }
    }

    var cases: [String: Case]
    var formats: [[Option]]

    static func load() throws -> Goldens {
        try JSONDecoder().decode(Goldens.self, from: Data(contentsOf: Fixtures.url("heatmap_goldens.json")))
    }
}

private func style(for options: [String: Goldens.Option]) throws -> HeatmapStyle {
    var style = HeatmapStyle()
    for (key, value) in options {
        switch (key, value) {
        case ("cmap", .text(let name)): style.colormap = name
        case ("vmin", .number(let v)): style.vmin = v
        case ("vmax", .number(let v)): style.vmax = v
        case ("center", .number(let v)): style.center = v
        case ("robust", .flag(let b)): style.robust = b
        case ("norm", .text(let n)): style.norm = try ColorNorm(parsing: n)
        case ("mask", .text(let m)): style.mask = try HeatmapMask(parsing: m)
        default: Issue.record("unhandled option \(key)")
        }
    }
    return style
}

@Test(arguments: ["seed_YlOrRd", "seed_vmin_vmax", "seed_center", "softmax_robust", "softmax_sqrt",
                  "softmax_power3", "softmax_log", "softmax_causal_mask"])
func pngCellCentresAreTheColoursSeabornPaints(_ name: String) throws {
    let golden = try #require(try Goldens.load().cases[name])
    let rows = golden.data.count, columns = golden.data[0].count
    let matrix = AttentionMatrix(rows: rows, columns: columns, values: golden.data.flatMap { $0.map(Float.init) })
    let labels = Tokens((0..<rows).map { "t\($0)" })
    let map = try AttentionMap(matrix: matrix, rowLabels: labels, columnLabels: Tokens((0..<columns).map { "k\($0)" }))
    let figure = try Heatmap(map: map, style: style(for: golden.options))
    #expect(abs(figure.scale.vmin - golden.vmin) <= 1e-6 * max(1, abs(golden.vmin)))
    #expect(abs(figure.scale.vmax - golden.vmax) <= 1e-6 * max(1, abs(golden.vmax)))
    let dpi = 100.0
    let (data, layout) = try figure.renderWithLayout(format: .png(dpi: dpi))
    let png = try DecodedPNG(data)
    let s = dpi / 72
    var mismatches: [String] = []
    for row in 0..<rows {
        for column in 0..<columns {
            let centre = layout.cell(row: row, column: column).center
            let painted = png.hex(Int(centre.x * s), Int(centre.y * s))
            // Masked cells show the white page, as in seaborn.
            let expected = golden.colors[row][column] ?? "#ffffff"
            if painted != expected { mismatches.append("(\(row),\(column)) \(painted ?? "clear") != \(expected)") }
        }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(8))")
}

@Test func theNotesFigureHasItsCellsInTheNotesOrientation() throws {
    let data = SeedExample.data
    let map = try AttentionMap(matrix: data.tensor.matrix(layer: 0, head: 0), rowLabels: data.queryLabels, columnLabels: data.keyLabels)
    let (png, layout) = try Heatmap(map: map).renderWithLayout(format: .png(dpi: 100))
    let image = try DecodedPNG(png)
    let s = 100.0 / 72
    func colour(_ r: Int, _ c: Int) -> String? {
        let p = layout.cell(row: r, column: c).center
        return image.hex(Int(p.x * s), Int(p.y * s))
    }
    // gperes['武']['市'] = 1 is the maximum: darkest red, first row, third column.
    #expect(colour(0, 2) == "#800026")
    // gperes['武']['汉'] = 0.9, first row, second column.
    #expect(colour(0, 1) == (try Colormap.named("YlOrRd")).color(at: 0.9).hex)
    // Zeros below the diagonal take the lightest colour; the diagonal of the last row is 0.12.
    #expect(colour(6, 0) == "#ffffcc")
    #expect(colour(6, 6) == (try Colormap.named("YlOrRd")).color(at: 0.12).hex)
    // Rows run top to bottom, columns left to right, x labels above the cells, y labels left.
    let xLabels = layout.texts.filter { $0.role == .xTick }
    let yLabels = layout.texts.filter { $0.role == .yTick }
    #expect(xLabels.map(\.run.text) == ["武", "汉", "市", "长", "江", "大", "桥"])
    #expect(yLabels.map(\.run.text) == ["武", "汉", "市", "长", "江", "大", "桥"])
    #expect(xLabels.allSatisfy { $0.box.bounds.maxY <= layout.plot.minY && $0.rotation == 0 })
    #expect(yLabels.allSatisfy { $0.box.bounds.maxX <= layout.plot.minX && $0.rotation == 0 })
    #expect(zip(yLabels, yLabels.dropFirst()).allSatisfy { $0.point.y < $1.point.y })
    // Colour bar on the right spanning the data range 0 ... 1.
    let bar = try #require(layout.colorBar)
    #expect(bar.minX > layout.plot.maxX)
    #expect(layout.colorBarTicks.first?.value == 0 && layout.colorBarTicks.last?.value == 1)
    // Every label's glyphs exist in the installed fonts (CJK included).
    #expect(layout.texts.allSatisfy { $0.extent.unknownGlyphs == 0 })
}

@Test func annotationFormatsMatchPython() throws {
    for entry in try Goldens.load().formats {
        guard case .text(let spec) = entry[0], case .number(let value) = entry[1], case .text(let expected) = entry[2] else {
            Issue.record("bad fixture row")
            continue
        }
        #expect(try NumberFormat(spec).format(value) == expected, "format(\(value), '\(spec)')")
    }
    #expect(throws: RenderError.self) { try NumberFormat(".2q") }
    #expect(throws: RenderError.self) { try NumberFormat(".g") }
}
