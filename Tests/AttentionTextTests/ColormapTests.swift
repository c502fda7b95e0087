import Foundation
import Testing
@testable import AttentionText

/// Colours matplotlib itself returned for sampled values, exported by
/// scripts/fixtures/export_colormaps.py (independent of the generated tables: it calls
/// `matplotlib.colormaps[name](x)` including `NAME_r` and out-of-range values).
private struct Samples: Decodable {
    var matplotlib: String
    var samples: [String: [Sample]]

    struct Sample: Decodable {
        var x: Double
        var hex: String
        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            x = try c.decode(Double.self)
            hex = try c.decode(String.self)
        }
    }

    static func load() throws -> Samples {
        let url = try #require(Bundle.module.url(forResource: "colormap_samples", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Samples.self, from: Data(contentsOf: url))
    }
}

@Test func everyRequiredColormapAndItsReversalMatchesMatplotlib() throws {
    let fixture = try Samples.load()
    let required = ["viridis", "plasma", "inferno", "magma", "cividis", "YlOrRd", "YlOrBr", "OrRd", "Reds",
                    "Blues", "Greens", "Greys", "Purples", "Oranges", "YlGnBu", "PuBu", "RdBu", "coolwarm",
                    "rocket", "mako", "flare", "crest", "icefire", "vlag"]
    for base in required {
        for name in [base, base + "_r"] {
            let samples = try #require(fixture.samples[name], "fixture lacks \(name)")
            let cmap = try Colormap.named(name)
            #expect(cmap.table.count == 256)
            for sample in samples {
                #expect(cmap.color(at: sample.x).hex == sample.hex, "\(name)(\(sample.x))")
            }
        }
    }
    #expect(fixture.samples.count == required.count * 2)
}

@Test func knownEndsOfYlOrRd() throws {
    // ColorBrewer's YlOrRd runs from #ffffcc to #800026.
    let cmap = try Colormap.named("YlOrRd")
    #expect(cmap.color(at: 0) == RGB(hex: "#ffffcc"))
    #expect(cmap.color(at: 1) == RGB(hex: "#800026"))
    #expect(cmap.reversed.color(at: 0) == RGB(hex: "#800026"))
    #expect(cmap.reversed.name == "YlOrRd_r")
}

@Test func unknownColormapNamesTheAlternatives() throws {
    #expect(throws: RenderError.self) { try Colormap.named("jet2") }
    let error = try #require(throws: RenderError.self) { try Colormap.named("nope") }
    #expect(error.description.contains("YlOrRd"), "\(error)")
    #expect((try? Colormap.named("ylorrd"))?.name == "YlOrRd")
}

@Test func rgbHexRoundTripsAndLuminance() {
    #expect(RGB(hex: "#0a0B0c")?.hex == "#0a0b0c")
    #expect(RGB(hex: "zzzzzz") == nil)
    #expect(RGB(hex: "#fff") == nil)
    #expect(RGB.white.luminance == 1)
    #expect(RGB.black.luminance == 0)
}
