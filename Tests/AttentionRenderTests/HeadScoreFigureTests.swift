import Attention
import AttentionRender
import AttentionText
import RenderTestSupport
import Testing

/// `HeadScoreFigure` on a recording canvas: one panel per computed score, three to a row, panels
/// side by side without overlap, each panel's cells one image inside its own frame with one
/// colour per head, and undefined heads left out.
@Suite struct HeadScoreFigureTests {
    static func table(scores: [HeadScore], undefined: Set<Int> = []) -> HeadScoreTable {
        var values = [HeadScore: [Double?]]()
        for (s, score) in scores.enumerated() {
            values[score] = (0..<12).map { undefined.contains($0) ? nil : Double($0 + s) / 20 }
        }
        return HeadScoreTable(layers: 3, heads: 4, values: values)
    }

    @Test func panelsTileThePageAndKeepTheirCells() throws {
        let scores: [HeadScore] = [.first, .previous, .entropy, .induction]
        let figure = try HeadScoreFigure(table: Self.table(scores: scores))
        #expect(figure.panels.map(\.score) == scores)
        let frames = figure.panels.map(\.frame)
        #expect(frames[1].x == frames[0].x + frames[0].width && frames[3].y == frames[0].y + frames[0].height, "three to a row")
        #expect(figure.size.width == 3 * frames[0].width && figure.size.height == 2 * frames[0].height)
        let canvas = RecordingCanvas(width: figure.size.width, height: figure.size.height, pixelsPerPoint: 2)
        try figure.draw(on: canvas)
        func inside(_ r: Rect, _ frame: Rect) -> Bool {
            r.x >= frame.x && r.y >= frame.y && r.x + r.width <= frame.x + frame.width && r.y + r.height <= frame.y + frame.height
        }
        // Each panel holds its own two images: the cells and the colour bar's gradient.
        for frame in frames {
            #expect(canvas.images.filter { inside($0.rect, frame) }.count == 2, "images in \(frame)")
        }
        #expect(canvas.images.count == 2 * scores.count)
        // The cells (the wider image of each panel) have one pixel column per head, one row per layer.
        let cells = canvas.images.filter { $0.image.width >= 4 && $0.image.height >= 3 }
        #expect(cells.count >= scores.count)
        let titles = canvas.texts.map(\.run.text)
        #expect(titles.contains("first: the first token") && titles.contains("induction: the token after an earlier copy"), "\(titles)")
        #expect(titles.contains("L2") && titles.contains("H3"))
    }

    @Test func undefinedHeadsAreBlankAndAllUndefinedScoresAreLeftOut() throws {
        var values = Self.table(scores: [.first, .next], undefined: [5]).values
        values[.duplicate] = Array(repeating: nil, count: 12)
        let figure = try HeadScoreFigure(table: HeadScoreTable(layers: 3, heads: 4, values: values))
        #expect(figure.panels.map(\.score) == [.first, .next])
        #expect(figure.panels.allSatisfy { $0.heatmap.style.mask != .none })
        #expect(throws: RenderError.self) { try HeadScoreFigure(table: HeadScoreTable(layers: 3, heads: 4, values: [:])) }
    }
}
