import Foundation
import Testing
import TestSupport

/// Text heat flags checked by the values they produce (each token's `intensity` in the HTML
/// tooltip, `--window 1` so smoothing stays out of the way): `--merge-weight` and `--normalise`.
@Suite(.hangGuard) struct TextFlagEffectTests {
    /// One token's span in the HTML.
    struct Span {
        var token: String
        var weight: Double
        var intensity: Double
        /// Alpha of its `rgba(255,0,0,alpha)` background.
        var alpha: Double
    }

    /// The spans of each example, parsed from the HTML.
    static func spans(_ json: String, _ arguments: [String]) throws -> [[Span]] {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("heat.json")
        try Data(json.utf8).write(to: input)
        let out = dir.appendingPathComponent("heat.html")
        let result = try AttnvizProcess.run(["text", input.path, "--window", "1", "-o", out.path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"rgba\(255,0,0,([0-9.e-]+)\)" title="weight ([0-9.e-]+) · smoothed [0-9.e-]+ · intensity ([0-9.e-]+)">\s*([^<]*)"#)
        return html.components(separatedBy: #"<div class="example""#).dropFirst().map { part in
            pattern.matches(in: part, range: NSRange(part.startIndex..., in: part)).map { m -> Span in
                let text = { (i: Int) in String(part[Range(m.range(at: i), in: part)!]) }
                return Span(token: text(4).trimmingCharacters(in: .whitespaces), weight: Double(text(2)) ?? .nan,
                            intensity: Double(text(3)) ?? .nan, alpha: Double(text(1)) ?? .nan)
            }
        }.filter { !$0.isEmpty }
    }

    /// `--merge-weight sum|max`: a merged word weighs the sum (default) or the max of its pieces.
    @Test(arguments: [([], 0.6), (["--merge-weight", "sum"], 0.6), (["--merge-weight", "max"], 0.3)])
    func mergeWeightCombinesPieces(arguments: [String], merged: Double) throws {
        let json = #"{"texts": ["un ##believ ##able ok"], "weights": [[0.1, 0.2, 0.3, 0.4]]}"#
        let examples = try Self.spans(json, ["--merge-subwords", "wordpiece", "--normalise", "none"] + arguments)
        let words = try #require(examples.first)
        #expect(words.map(\.token) == ["unbelievable", "ok"])
        #expect(abs(words[0].weight - merged) < 1e-6 && abs(words[0].intensity - merged) < 1e-6, "\(words)")
        #expect(abs(words[1].weight - 0.4) < 1e-6)
    }

    /// `--normalise minmax` (default, per example), `global` (one range for all examples),
    /// `none` (raw weights). (flags, expected intensities worked out by hand): minmax maps 0.1...0.4 and 0.05...0.2 each to 0...1;
    /// global maps 0.05...0.4 for both; none keeps the weights.
    static let normaliseCases: [([String], [[Double]])] = [
        ([], [[0.3333333, 1, 0], [0.3333333, 1, 0]]),
        (["--normalise", "minmax"], [[0.3333333, 1, 0], [0.3333333, 1, 0]]),
        (["--normalise", "global"], [[0.4285714, 1, 0.1428571], [0.1428571, 0.4285714, 0]]),
        (["--normalise", "none"], [[0.2, 0.4, 0.1], [0.1, 0.2, 0.05]]),
    ]

    @Test(arguments: normaliseCases)
    func normaliseSetsTheRange(arguments: [String], expected: [[Double]]) throws {
        let json = #"{"texts": ["a b c", "d e f"], "weights": [[0.2, 0.4, 0.1], [0.1, 0.2, 0.05]]}"#
        let examples = try Self.spans(json, arguments)
        #expect(examples.count == 2)
        for (got, want) in zip(examples, expected) {
            #expect(got.count == want.count)
            for (token, value) in zip(got, want) {
                #expect(abs(token.intensity - value) < 1e-4, "\(arguments) \(token.token): \(token.intensity), expected \(value)")
                #expect(abs(token.alpha - value) < 1e-4, "\(arguments) \(token.token): background alpha \(token.alpha), expected \(value)")
            }
        }
    }
}
