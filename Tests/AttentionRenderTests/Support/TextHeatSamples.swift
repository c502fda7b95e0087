import Attention
import Foundation

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

    /// The venv's python (ATTNVIZ_VENV overrides the venv folder), if present.
    static var python: String? {
        let venv = ProcessInfo.processInfo.environment["ATTNVIZ_VENV"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache/attnviz/venv")
        let path = (venv as NSString).appendingPathComponent("bin/python")
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// The package root, from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The note's page in chromium, as committed by scripts/fixtures/note_text_heat.py.
    struct GoldenCase: Decodable {
        var name: String
        var texts: [String]
        var weights: [[Double]]
        var intensities: [[Double?]]
    }

    static func goldenCases() throws -> [GoldenCase] {
        struct Fixture: Decodable { var cases: [GoldenCase] }
        let url = packageRoot.appendingPathComponent("Tests/AttentionTests/Fixtures/note_text_heat.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    /// Screenshots a page with scripts/test/text_heat_pixels.py: every span's text, alpha and
    /// the pixel inside its box. `nil` when selenium or chromium is missing.
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

    static func probe(page: URL, dark: Bool = false) throws -> Probe? {
        guard let python, ExternalTool.find("chromium") != nil || ExternalTool.find("chromium-browser") != nil,
              ExternalTool.find("chromedriver") != nil else { return nil }
        let script = packageRoot.appendingPathComponent("scripts/test/text_heat_pixels.py").path
        let result = try ExternalTool.run(python, [script, page.path] + (dark ? ["--dark"] : []))
        guard result.status == 0 else {
            Issue.record("text_heat_pixels.py failed: \(result.err)")
            return nil
        }
        return try JSONDecoder().decode(Probe.self, from: result.out)
    }
}

import Testing
