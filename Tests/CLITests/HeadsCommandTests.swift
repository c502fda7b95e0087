import Foundation
import Testing
import TestSupport

/// `attnviz heads`: scores of a file against the NumPy goldens, SmolLM2's duplicate and
/// induction scores against a PyTorch run of TransformerLens's formula on the same probe, and
/// the JSON/CSV layouts.
@Suite(.hangGuard) struct HeadsCommandTests {
    static func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static func scores(_ object: [String: Any]) throws -> [String: [[Double?]]] {
        let raw = try #require(object["scores"] as? [String: [[Any]]])
        return raw.mapValues { $0.map { $0.map { $0 as? Double } } }
    }

    /// The repeated-decoder case of Tests/AttentionTests/Fixtures/head_scores.json written as a
    /// `{tokens, attention}` document: every score of `--json` and `--csv` within 1e-6 of NumPy.
    @Test func fileScoresMatchNumPyInJSONAndCSV() throws {
        let fixture = try Self.json(PackageRoot.path("Tests/AttentionTests/Fixtures/head_scores.json"))
        let golden = try #require((fixture["cases"] as? [[String: Any]])?.first { $0["name"] as? String == "repeated-decoder" })
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("attn.json")
        let document: [String: Any] = ["tokens": golden["tokens"] ?? [], "attention": golden["attention"] ?? []]
        try JSONSerialization.data(withJSONObject: document).write(to: input)
        let jsonOut = dir.appendingPathComponent("s.json").path, csvOut = dir.appendingPathComponent("s.csv").path
        let png = dir.appendingPathComponent("s.png")
        let result = try AttnvizProcess.run(["heads", input.path, "--json", jsonOut, "--csv", csvOut, "--top", "2", "-o", png.path])
        #expect(result.status == 0, "\(result.stderr)")
        // The panels: viridis from each score's minimum (dark purple) to its maximum (yellow).
        let pixels = try PNGPixels(contentsOf: png)
        #expect(pixels.positions(of: (0xFD, 0xE7, 0x25), tolerance: 3).count > 100 && pixels.positions(of: (0x44, 0x01, 0x54), tolerance: 3).count > 100)
        #expect(result.stdout.contains("previous") && result.stdout.contains("L0 H1"), "\(result.stdout)")
        let written = try Self.json(jsonOut)
        #expect(written["layers"] as? Int == 2 && written["heads"] as? Int == 3)
        let got = try Self.scores(written)
        let want = try Self.scores(golden)
        #expect(Set(got.keys) == Set(want.keys), "\(got.keys.sorted()) vs \(want.keys.sorted())")
        let csv = try String(contentsOfFile: csvOut, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = csv[0].map(String.init)
        #expect(header.prefix(2) == ["layer", "head"] && csv.count == 1 + 6)
        for (name, rows) in want {
            let column = try #require(header.firstIndex(of: name), "\(name) missing from the CSV header")
            for (layer, row) in rows.enumerated() {
                for (head, value) in row.enumerated() {
                    let fromJSON = got[name]?[layer][head] ?? nil
                    let fromCSV = Double(csv[1 + layer * 3 + head][column])
                    guard let value, let fromJSON, let fromCSV else {
                        Issue.record("\(name) L\(layer) H\(head): \(String(describing: value)) \(String(describing: fromJSON))")
                        continue
                    }
                    #expect(abs(fromJSON - value) < 1e-6 && abs(fromCSV - value) < 1e-6, "\(name) L\(layer) H\(head)")
                }
            }
        }
    }

    /// SmolLM2's duplicate and induction scores on the probe (20 random tokens twice, seed 0)
    /// agree with transformers + PyTorch (scripts/fixtures/make_head_detector_goldens.py), and
    /// both drew the same random ids.
    @Test func smolLM2InductionMatchesPyTorch() throws {
        let model = try RequiredModel.smolLM2.require()
        let golden = try Self.json(PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/smollm2-head-detector.json"))
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("heads.json").path
        let result = try AttnvizProcess.run(["heads", "--model", model, "The cat sat on the mat.", "--repeat-length", "20", "--seed", "0", "--json", out])
        #expect(result.status == 0, "\(result.stderr)")
        let written = try Self.json(out)
        let probe = try #require(written["probe"] as? [String: Any])
        #expect(probe["ids"] as? [Int] == golden["ids"] as? [Int])
        let got = try Self.scores(written), want = try Self.scores(golden)
        var worst = 0.0
        for name in ["duplicate", "induction"] {
            let rows = try #require(want[name])
            #expect(rows.count == 30 && rows[0].count == 9)
            for (layer, row) in rows.enumerated() {
                for (head, value) in row.enumerated() {
                    let mine = try #require(got[name]?[layer][head] ?? nil)
                    worst = max(worst, abs(mine - (value ?? .nan)))
                }
            }
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
        #expect(result.stdout.contains("induction") && result.stdout.contains("20 tokens seen twice"))
    }

    @Test func badArgumentsAreOneLine() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("a.json")
        try "[[0.5, 0.5], [0.2, 0.8]]".write(to: input, atomically: true, encoding: .utf8)
        for (arguments, message) in [
            (["heads", input.path, "--json", dir.appendingPathComponent("x.txt").path], "--json writes .json"),
            (["heads", input.path, "--top", "0"], "--top must be at least 1"),
            (["heads", input.path, "-o", dir.appendingPathComponent("x.bmp").path], "unknown output type"),
            (["heads", input.path, "--pair", "b"], "--pair needs --model"),
            (["heads", dir.appendingPathComponent("missing.npy").path], "missing.npy"),
        ] {
            let result = try AttnvizProcess.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.hasPrefix("attnviz: ") && result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}
