import CCairo

/// Pango's unit: 1024 per point.
private let pangoScale = 1024.0

/// One Pango context and a reusable layout, configured identically for measuring and for
/// drawing (metrics hinting off, 72 dpi, so a size of 10 means 10 points everywhere and a
/// measured label is exactly as wide as the drawn one).
final class PangoText {
    let context: OpaquePointer
    let layout: OpaquePointer
    private var fonts: [TextStyle: OpaquePointer] = [:]
    private var extents: [TextRun: TextExtent] = [:]

    init() {
        // Pango's default cairo font map is per thread and shares loaded fonts between contexts.
        let fontMap = pango_cairo_font_map_get_default()
        context = pango_font_map_create_context(fontMap)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_cairo_context_set_resolution(context, 72)
        layout = pango_layout_new(context)
        pango_layout_set_single_paragraph_mode(layout, 1)
    }

    deinit {
        for description in fonts.values { pango_font_description_free(description) }
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    private func font(_ style: TextStyle) -> OpaquePointer {
        if let cached = fonts[style] { return cached }
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, style.pangoFamilies)
        pango_font_description_set_absolute_size(description, (max(0.5, style.size) * pangoScale).rounded())
        pango_font_description_set_weight(description, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        fonts[style] = description
        return description
    }

    /// Configures the shared layout for `run` and returns its extent.
    @discardableResult
    func prepare(_ run: TextRun) -> TextExtent {
        pango_layout_set_font_description(layout, font(run.style))
        pango_layout_set_text(layout, run.displayText, -1)
        if let maxWidth = run.maxWidth {
            pango_layout_set_width(layout, Int32(max(1, maxWidth * pangoScale).rounded(.down)))
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
        } else {
            pango_layout_set_width(layout, -1)
            pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE)
        }
        if let cached = extents[run] { return cached }
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        let extent = TextExtent(
            width: Double(logical.width) / pangoScale,
            height: Double(logical.height) / pangoScale,
            baseline: Double(pango_layout_get_baseline(layout)) / pangoScale,
            unknownGlyphs: Int(pango_layout_get_unknown_glyphs_count(layout)))
        extents[run] = extent
        return extent
    }
}
