import AttentionText
/// The colour bar's gradient, shared by every figure that has one.
extension Colormap {
    /// Draws the colormap's table as a vertical bar filling `rect`, the last colour on top
    /// (matplotlib's colorbar), one image pixel per table entry.
    func drawBar(in rect: Rect, on canvas: some Canvas) {
        var image = RasterImage(width: 1, height: table.count)
        for (i, color) in table.reversed().enumerated() { image[0, i] = color }
        canvas.draw(image, in: rect)
    }
}
