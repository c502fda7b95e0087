import Attention
import Foundation
import Testing
import TestSupport

/// Inputs shared by the text-heat renderer tests.
enum TextHeatSamples {
    /// Tokens that break naive HTML, JavaScript, LaTeX and terminal output.
    static let hostileTokens = [
        "\"quoted\"", "it's", "<b>bold</b>", "a&b", "</script><script>alert(1)</script>", "back\\slash",
        "100%", "{brace}", "}", "$x^2_y$", "#hash", "~tilde", "--dash", "[opt]", "\u{1B}[31mred\u{1B}[0m", "tab\there",
    ]

    /// One example over the hostile tokens with distinct weights.
    static var hostile: TextHeat {
        let weights = hostileTokens.indices.map { Double(($0 * 7) % 11) / 10 }
        return try! TextHeat(tokens: [hostileTokens], weights: [weights])
    }

    /// The note's page in chromium, as committed by scripts/fixtures/note_text_heat.py.
    struct GoldenCase: Decodable {
        var name: String
        var texts: [String]
        var weights: [[Double]]
        var intensities: [[Double?]]
    }

    static func goldenCases() throws -> [GoldenCase] {
        struct Fixture: Decodable { var cases: [GoldenCase] }
        let url = PackageRoot.url.appendingPathComponent("Tests/AttentionTests/Fixtures/note_text_heat.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    /// Screenshots a page with scripts/test/text_heat_pixels.py: every span's text, alpha and
    /// the pixel inside its box. A missing chromium, chromedriver, venv or selenium fails the test
    /// under `make test` and skips it by name otherwise (TestSupport's BrowserScript).
    struct Probe: Decodable {
        struct Span: Decodable {
            var text: String
            var alpha: Double?
            var rect: [Double]?
            var pixel: [Int]?
        }
        var spans: [Span]
        var scripts: Int
        /// The screenshot pixel in the body's margin, outside every token panel.
        var page: [Int]?
        /// Whether the browser told the page it prefers a dark colour scheme.
        var dark: Bool?
    }

    static func probe(page: URL, dark: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> Probe {
        let script = PackageRoot.path("scripts/test/text_heat_pixels.py")
        let result = try BrowserScript.run(script, [page.path] + (dark ? ["--dark"] : []), sourceLocation: sourceLocation)
        try #require(result.status == 0, "text_heat_pixels.py failed: \(result.stderr)", sourceLocation: sourceLocation)
        return try JSONDecoder().decode(Probe.self, from: result.stdout)
    }
}

import Testing
