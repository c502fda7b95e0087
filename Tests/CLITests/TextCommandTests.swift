import Foundation
import Testing
import TestSupport

/// `attnviz text` end to end, running the built binary.
@Suite(.hangGuard) struct TextCommandTests {
    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func alphas(_ html: String) -> [Double] {
        html.matches(of: /background-color:rgba\(255,0,0,([0-9.]+)\)/).map { Double($0.1)! }
    }

    @Test func noteJSONToHTML() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.write(#"{"texts": ["武 汉 市 长 江 大 桥"], "weights": [[0.1, 0.9, 1, 0.05, 0.09, 0.03, 0.2]]}"#, "heat.json", in: dir)
        let out = dir.appendingPathComponent("heat.html").path
        let result = try AttnvizProcess.run(["text", input, "-o", out, "--legend"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        // The note's page in chromium gives 0.726776, 1, 0.972678, 0.530055, 0, 0.081967, 0.095628.
        let expected = [0.726775956284153, 1.0, 0.9726775956284154, 0.5300546448087432, 0.0, 0.0819672131147541, 0.09562841530054646]
        let alphas = Self.alphas(html)
        #expect(alphas.count == 7)
        for (a, e) in zip(alphas, expected) { #expect(abs(a - e) <= 1e-6) }
    }

    @Test func countMismatchIsOneLineNamingTheFile() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.write(#"{"texts": ["a b", "c d e"], "weights": [[1, 2], [1, 2]]}"#, "bad.json", in: dir)
        let out = dir.appendingPathComponent("bad.html").path
        let result = try AttnvizProcess.run(["text", input, "-o", out])
        #expect(result.status == 1)
        #expect(result.stderr == "attnviz: \(input): example 2 has 3 tokens but 2 weights\n")
        #expect(!FileManager.default.fileExists(atPath: out))

        let text = try Self.write("a b c\nd e\n", "t.txt", in: dir)
        let weights = try Self.write("1 2 3\n4 5 6\n", "w.txt", in: dir)
        let second = try AttnvizProcess.run(["text", text, weights])
        #expect(second.status == 1)
        #expect(second.stderr == "attnviz: \(weights): example 2 has 2 tokens but 3 weights\n")
    }

    @Test func allEqualAndOneTokenGiveIntensityZero() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.write(#"{"texts": ["same same same", "alone"], "weights": [[0.3, 0.3, 0.3], [0.9]]}"#, "eq.json", in: dir)
        let out = dir.appendingPathComponent("eq.html").path
        let result = try AttnvizProcess.run(["text", input, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.alphas(try String(contentsOfFile: out, encoding: .utf8)) == [0, 0, 0, 0])
    }

    @Test func textAndWeightsFilesAndCSVPairs() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Self.write("a b c\n", "t.txt", in: dir)
        let weights = try Self.write("[0, 0.5, 1]\n", "w.txt", in: dir)
        let plain = try AttnvizProcess.run(["text", text, weights, "--window", "1"], environment: ["NO_COLOR": "1"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == "Heatmaps\n\nExample:\na[0] b[0.5] c[1]\n")

        let csv = try Self.write("token,weight\n\"x, \"\"y\"\"\",0.2\nz,0.8\n\nnext,1\n", "p.csv", in: dir)
        let pairs = try AttnvizProcess.run(["text", csv, "--window", "1"], environment: ["NO_COLOR": "1"])
        #expect(pairs.status == 0, "\(pairs.stderr)")
        #expect(pairs.stdout == "Heatmaps\n\nExample:\nx, \"y\"[0] z[1]\n\nExample:\nnext[0]\n")
    }

    @Test func attentionFileRowsWithSubwordMerging() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = ###"{"tokens": ["[CLS]", "attn", "##viz", "rocks"], "attention": [[0.1, 0.2, 0.3, 0.4], [0.4, 0.3, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25], [0.7, 0.1, 0.1, 0.1]]}"###
        let input = try Self.write(doc, "attn.json", in: dir)
        let one = try AttnvizProcess.run(["text", input, "--query", "1", "--merge-subwords", "auto", "--window", "1"], environment: ["NO_COLOR": "1"])
        #expect(one.status == 0, "\(one.stderr)")
        // Row 1: [CLS] 0.4, attn+##viz = 0.5, rocks 0.1 -> min-max (0.4-0.1)/0.4 = 0.75, 1, 0.
        #expect(one.stdout == "Heatmaps\n\nquery 1: attn\n[CLS][0.75] attnviz[1] rocks[0]\n")
        let all = try AttnvizProcess.run(["text", input, "--all-queries"], environment: ["NO_COLOR": "1"])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.components(separatedBy: "query ").count - 1 == 4)
        let bad = try AttnvizProcess.run(["text", input, "--query", "7"])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasPrefix("attnviz: --query 7: out of range"))
    }

    @Test func terminalColourModesAndWidth() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.write(#"{"texts": ["武 汉 市 长 江 大 桥 武 汉 市 长 江 大 桥"], "weights": [[1,2,3,4,5,6,7,8,9,10,11,12,13,14]]}"#, "w.json", in: dir)
        let truecolor = try AttnvizProcess.run(["text", input, "--width", "12"], environment: ["COLORTERM": "truecolor", "NO_COLOR": ""])
        #expect(truecolor.stdout.contains("\u{1B}[48;2;"))
        let lines = truecolor.stdout.replacing(/\u{1B}\[[0-9;]*m/, with: "").split(separator: "\n")
        #expect(lines.dropFirst(2).allSatisfy { $0.unicodeScalars.count * 2 - $0.filter { $0 == " " }.count <= 12 })
        let palette = try AttnvizProcess.run(["text", input], environment: ["COLORTERM": "", "TERM": "xterm-256color", "NO_COLOR": ""])
        #expect(palette.stdout.contains("\u{1B}[48;5;"))
        let none = try AttnvizProcess.run(["text", input], environment: ["NO_COLOR": "1"])
        #expect(!none.stdout.contains("\u{1B}"))
    }

    @Test func outputsByExtension() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Self.write(#"{"texts": ["a b c"], "weights": [[0.1, 0.5, 0.9]]}"#, "x.json", in: dir)
        for name in ["x.html", "x.tex", "x.png", "x.pdf"] {
            let out = dir.appendingPathComponent(name).path
            let result = try AttnvizProcess.run(["text", input, "-o", out, "--cmap", "viridis"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: out))
        }
        let png = try Data(contentsOf: dir.appendingPathComponent("x.png"))
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        let pdf = try Data(contentsOf: dir.appendingPathComponent("x.pdf"))
        #expect(pdf.prefix(5) == Data("%PDF-".utf8))
        let bad = try AttnvizProcess.run(["text", input, "-o", dir.appendingPathComponent("x.svgz").path])
        #expect(bad.status == 1)
        #expect(bad.stderr.hasSuffix("unknown output type; use .html, .tex, .png or .pdf (or no -o for the terminal)\n"))
        let colour = try AttnvizProcess.run(["text", input, "--color", "not-a-colour"])
        #expect(colour.status == 1)
        #expect(colour.stderr.hasPrefix("attnviz: --color: 'not-a-colour' is not a CSS colour"))
    }

    @Test func demoWritesTheNotesTextHeat() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try AttnvizProcess.run(["demo", "--output", dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: dir.appendingPathComponent("text.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<b>Example:</b>").count - 1 == 7)
        #expect(Self.alphas(html).count == 49)
        let png = try Data(contentsOf: dir.appendingPathComponent("text.png"))
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))

        // The written page in headless chromium: red under the most-attended token, white under
        // a zero-intensity one (scripts/test/text_heat_pixels.py; a missing chromium, chromedriver,
        // venv or selenium fails under make test and is a named skip otherwise).
        let pixels = try BrowserScript.run(PackageRoot.path("scripts/test/text_heat_pixels.py"),
                                           [dir.appendingPathComponent("text.html").path])
        try #require(pixels.status == 0, "text_heat_pixels.py failed: \(pixels.stderr)")
        let data = pixels.stdout
        struct Probe: Decodable {
            struct Span: Decodable { var alpha: Double?; var pixel: [Int]? }
            var spans: [Span]
            var scripts: Int
        }
        let probe = try JSONDecoder().decode(Probe.self, from: data)
        #expect(probe.scripts == 0)
        let red = try #require(probe.spans.first { $0.alpha == 1 }?.pixel)
        let white = try #require(probe.spans.first { $0.alpha == 0 }?.pixel)
        #expect(red[0] >= 240 && red[1] <= 15 && red[2] <= 15, "\(red)")
        #expect(white.allSatisfy { $0 >= 250 }, "\(white)")
    }
}
