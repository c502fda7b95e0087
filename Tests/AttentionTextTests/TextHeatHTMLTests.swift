import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionText

@Suite(.hangGuard)  // headless chromium through text_heat_pixels.py
struct TextHeatHTMLTests {
    /// The alphas written into the page equal the note's page in chromium (1e-6).
    @Test func alphasMatchTheNotesPage() throws {
        for golden in try TextHeatSamples.goldenCases() {
            let heat = try TextHeat(texts: golden.texts, weights: golden.weights)
            let page = TextHeatHTML.render(heat)
            let alphas = page.matches(of: /<span style="background-color:rgba\(255,0,0,([0-9.]+)\)"/).map { Double($0.1)! }
            let expected = golden.intensities.flatMap { $0 }
            #expect(alphas.count == expected.count, "\(golden.name)")
            for (alpha, reference) in zip(alphas, expected) {
                #expect(abs(alpha - (reference ?? 0)) <= 1e-6, "\(golden.name): \(alpha) vs \(String(describing: reference))")
            }
        }
    }

    @Test func pageIsStaticAndEscapesEveryToken() {
        let page = TextHeatHTML.render(TextHeatSamples.hostile)
        #expect(!page.lowercased().contains("<script"))
        #expect(!page.contains("</script>"))
        #expect(!page.contains("\u{1B}"))
        #expect(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&quot;quoted&quot;"))
        #expect(page.contains("it&#39;s"))
        #expect(page.contains("a&amp;b"))
        #expect(page.contains("<meta charset=\"utf-8\">"))
        // Every tag in the page is one the renderer writes.
        let tags = Set(page.matches(of: /<\/?([a-zA-Z0-9!]+)/).map { String($0.1).lowercased() })
        #expect(tags.isSubset(of: ["!doctype", "html", "head", "meta", "title", "style", "body", "h3", "div", "b", "span"]))
    }

    @Test func tooltipsShowRawAndSmoothedWeights() throws {
        let heat = try TextHeat(texts: ["a b c"], weights: [[0.1, 0.4, 0.7]])
        let page = TextHeatHTML.render(heat)
        #expect(page.contains("title=\"weight 0.1 · smoothed 0.25 · intensity 0\""))
        #expect(page.contains("title=\"weight 0.4 · smoothed 0.4 · intensity 0.5\""))
        #expect(!TextHeatHTML.render(heat, options: .init(tooltips: false)).contains("title=\"weight"))
    }

    @Test func labelsLegendAndColormap() throws {
        let heat = try TextHeat(texts: ["a b"], weights: [[0, 1]], labels: ["<first>"], smoothing: .none)
        let page = TextHeatHTML.render(heat, options: .init(paint: .colormap(try .named("viridis")), legend: true))
        #expect(page.contains("<b>&lt;first&gt;</b>"))
        #expect(page.contains("class=\"legend\""))
        #expect(page.contains("background-color:#440154;color:#ffffff"))   // viridis(0), white ink
        #expect(page.contains("background-color:#fde725;color:#111111"))   // viridis(1), dark ink
    }

    @Test func cssColourTints() throws {
        let heat = try TextHeat(texts: ["a b"], weights: [[0, 1]], smoothing: .none)
        let page = TextHeatHTML.render(heat, options: .init(paint: .tint(try CSSColor("#1f77b4"))))
        #expect(page.contains("rgba(31,119,180,1)"))
        #expect(page.contains("rgba(31,119,180,0)"))
    }

    /// Chromium parses the page into exactly one span per token with the token as its text, and
    /// no script: nothing a token holds becomes markup.
    @Test func browserSeesTokensAsText() throws {
        let directory = try RenderTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("hostile.html")
        try TextHeatHTML.render(TextHeatSamples.hostile).write(to: page, atomically: true, encoding: .utf8)
        let probe = try TextHeatSamples.probe(page: page)
        #expect(probe.scripts == 0)
        let expected = TextHeatSamples.hostileTokens.enumerated().map { ($0.offset == 0 ? "" : " ") + TokenDisplay.visible($0.element) }
        #expect(probe.spans.map(\.text) == expected)
    }

    /// The note's demo page in chromium: under the most-attended token the pixel is the note's
    /// pure red, under a zero-intensity token white; in dark mode the token panel stays white.
    @Test(arguments: [false, true])
    func screenshotShowsRedAndWhite(dark: Bool) throws {
        let directory = try RenderTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("text.html")
        try TextHeatHTML.render(.seedExample, options: .init(legend: true)).write(to: page, atomically: true, encoding: .utf8)
        let probe = try TextHeatSamples.probe(page: page, dark: dark)
        #expect(probe.spans.count == 49)
        let hottest = try #require(probe.spans.first { $0.alpha == 1 })
        let cold = try #require(probe.spans.first { $0.alpha == 0 })
        let red = try #require(hottest.pixel)
        let white = try #require(cold.pixel)
        #expect(red[0] >= 240 && red[1] <= 15 && red[2] <= 15, "\(red)")
        #expect(white.allSatisfy { $0 >= 250 }, "\(white)")
        // The browser really asked for the scheme, and the page followed it outside the panel:
        // the page's dark background #16181d in dark mode, white in light mode.
        #expect(probe.dark == dark)
        let margin = try #require(probe.page)
        if dark {
            #expect(zip(margin, [0x16, 0x18, 0x1d]).allSatisfy { abs($0 - $1) <= 2 }, "page background \(margin) in dark mode")
        } else {
            #expect(margin.allSatisfy { $0 >= 250 }, "page background \(margin) in light mode")
        }
        // Intermediate intensities show rgba over white: 255, 255(1-a), 255(1-a).
        for span in probe.spans {
            guard let alpha = span.alpha, let pixel = span.pixel else { continue }
            #expect(abs(Double(pixel[1]) - 255 * (1 - alpha)) <= 3, "\(span.text): \(pixel) for alpha \(alpha)")
        }
    }
}
