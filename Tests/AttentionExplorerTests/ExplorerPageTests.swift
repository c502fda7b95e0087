import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

@Suite struct ExplorerPageTests {
    static let packageRoot = PackageRoot.url

    @Test func payloadIsJSONWithTokensShapeScalesAndData() throws {
        let data = SeedExample.data
        let payload = try ExplorerPayload(data: data, precision: .u8, compression: .none)
        let object = try JSONSerialization.jsonObject(with: payload.jsonData()) as? [String: Any]
        #expect(object?["format"] as? String == "attnviz-explorer/1")
        #expect(object?["shape"] as? [Int] == [1, 1, 7, 7])
        #expect(object?["queryTokens"] as? [String] == ["武", "汉", "市", "长", "江", "大", "桥"])
        #expect((object?["scales"] as? [Double])?.count == 1)
        #expect(object?["precision"] as? String == "u8")
        // Decoded by the format's definition (not `unpacked()`), every weight of the note is
        // back within half a step (1/255/2 of max 1).
        let json = try #require(object)
        let reference = try #require(ExplorerPayloadReference(json: json))
        for q in 0..<7 {
            for k in 0..<7 {
                #expect(abs(reference.weight(0, 0, q, k) - SeedExample.rows[q][k]) <= 1 / 510 + 1e-7)
            }
        }
        // And `unpacked()` agrees with that reading.
        let unpacked = try payload.unpacked()
        #expect((0..<49).allSatisfy { unpacked.value(layer: 0, head: 0, query: $0 / 7, key: $0 % 7) == reference.weight(0, 0, $0 / 7, $0 % 7) })
        // Head scores from the exact weights: the note's column 0 is 0.1 then zeros; its diagonal
        // 0.1, 0.2, 0.1, 0.25, 0.15, 0.14, 0.12; its sub-diagonal all zero.
        let scores = try #require(payload.headScores)
        #expect(scores.names == HeadScore.allCases.map(\.rawValue), "the note's example is self-attention: every score")
        let head = try #require(scores.values.first)
        func score(_ name: String) -> Double? { scores.names.firstIndex(of: name).flatMap { head[$0] }.map(Double.init) }
        #expect(abs((score("first") ?? .nan) - 0.1 / 7) < 1e-6)
        #expect(abs((score("self") ?? .nan) - 1.06 / 7) < 1e-6)
        #expect(score("previous") == 0)
        // Mean row entropy in nats, -sum A ln A of the weights as given, computed here.
        let entropies = SeedExample.rows.map { row -> Double in
            row.reduce(0.0) { sum, v in v > 0 ? sum - Double(v) * log(Double(v)) : sum }
        }
        let meanEntropy = entropies.reduce(0, +) / 7
        #expect(abs(entropies[6] - (-0.12 * log(0.12))) < 1e-7)
        #expect(abs((score("entropy") ?? .nan) - meanEntropy) < 1e-5, "mean entropy \(String(describing: score("entropy"))), computed here \(meanEntropy)")
        let decoded = try JSONDecoder().decode(ExplorerPayload.self, from: payload.jsonData())
        #expect(decoded == payload)
    }

    @Test func deflatedPayloadIsMuchSmallerThanPacked() throws {
        let tensor = try SyntheticAttention.tensor(layers: 2, heads: 4, tokens: 96)
        let payload = try ExplorerPayload(data: AttentionData(tensor: tensor), precision: .u8)
        let raw = 2 * 4 * 96 * 96
        let stored = Data(base64Encoded: payload.data)!.count
        #expect(stored < raw * 7 / 10, "deflate gave \(stored) bytes for \(raw)")
        #expect(payload.queryTokens == (0..<96).map(String.init))
    }

    @Test func pairSplitIsValidated() throws {
        let data = try AttentionData(tensor: SyntheticAttention.tensor(layers: 1, heads: 1, tokens: 6))
        #expect(try ExplorerPayload(data: data, pairSplit: 3).pairSplit == 3)
        #expect(throws: AttentionError.self) { try ExplorerPayload(data: data, pairSplit: 0) }
        #expect(throws: AttentionError.self) { try ExplorerPayload(data: data, pairSplit: 6) }
        let cross = try AttentionData(tensor: AttentionTensor(shape: [2, 3], values: [1, 0, 0, 0, 1, 0]))
        #expect(throws: AttentionError.self) { try ExplorerPayload(data: cross, pairSplit: 1) }
    }

    @Test func annotationsThatDoNotFitAreDropped() throws {
        let data = try AttentionData(tensor: SyntheticAttention.tensor(layers: 1, heads: 4, tokens: 3))
        var payload = try ExplorerPayload(data: data)
        payload.annotate(RunAnnotations(kvGroupSize: 2, partialBytes: ["", "e6 ad", ""], unknownSources: ["", "", "🙂"]))
        #expect(payload.kvGroupSize == 2 && payload.tokenBytes == ["", "e6 ad", ""] && payload.unknownSources == ["", "", "🙂"])
        let object = try #require(try JSONSerialization.jsonObject(with: payload.jsonData()) as? [String: Any])
        #expect(object["unknownSources"] as? [String] == ["", "", "🙂"])
        // Wrong lengths, a group that does not divide the heads, lists of nothing: left out.
        payload.annotate(RunAnnotations(kvGroupSize: 3, partialBytes: ["", ""], unknownSources: ["", "", ""]))
        #expect(payload.kvGroupSize == nil && payload.tokenBytes == nil && payload.unknownSources == nil)
        let plain = try #require(try JSONSerialization.jsonObject(with: payload.jsonData()) as? [String: Any])
        #expect(plain["unknownSources"] == nil && plain["tokenBytes"] == nil)
    }

    @Test func pageIsSelfContainedAndTokensCannotEscape() throws {
        let tokens: Tokens = ["</script><script>alert(1)</script>", "\"quoted'", "<!--", "武\u{2028}汉", "a&b"]
        let tensor = try SyntheticAttention.tensor(layers: 1, heads: 2, tokens: 5)
        let html = try ExplorerPage.html(data: AttentionData(tensor: tensor, queryTokens: tokens, keyTokens: tokens),
                                         title: "<b>title</b>")
        // One closing tag per script element: the token-display table, the data and the page
        // script, nothing from tokens.
        #expect(html.components(separatedBy: "</script>").count - 1 == 3)
        #expect(html.contains(#"<script id="attnviz-display" type="application/json">"# + TokenDisplay.rulesJSON + "</script>"))
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<!--"))
        #expect(html.contains("<title>&lt;b&gt;title&lt;/b&gt; — attnviz</title>"))
        // Nothing is loaded from anywhere.
        // (The head view's SVG export names the SVG namespace: an identifier, never fetched.)
        let loadable = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        for needle in ["src=", "href=\"http", "<link", "@import", "url(", "https://", "http://"] {
            #expect(!loadable.contains(needle), "page contains \(needle)")
        }
        // The JSON inside the data element parses back to the original tokens.
        let start = try #require(html.range(of: #"<script id="attnviz-data" type="application/json">"#))
        let end = try #require(html[start.upperBound...].range(of: "</script>"))
        let json = Data(html[start.upperBound..<end.lowerBound].utf8)
        let payload = try JSONDecoder().decode(ExplorerPayload.self, from: json)
        #expect(payload.queryTokens == tokens.strings)
        #expect(payload.title == "<b>title</b>")
    }

    @Test func shellFetchesFromItsURLAndCarriesTheSameScript() {
        let shell = ExplorerPage.shell(payloadURL: "/api/attention?x=\"1\"")
        #expect(shell.contains(#"<body data-payload-url="/api/attention?x=&quot;1&quot;">"#))
        #expect(!shell.contains(#"<script id="attnviz-data" type="application/json">"#))
        #expect(shell.contains(ExplorerPage.script))
        #expect(shell.contains(ExplorerPage.style))
        #expect(!shell.contains("{{TITLE}}") && !shell.contains("{{DATA}}"))
    }

    /// A host's panel goes into the template's slots: markup first in `<body>` (before the
    /// explorer's bar), style after the explorer's in `<head>`, script after the explorer's; a
    /// page without a panel has no trace of the slots.
    @Test func panelFillsItsSlotsAndOnlyThem() throws {
        let panel = ExplorerPanel(html: #"<section id="host-panel">{{TITLE}}</section>"#, style: "#host-panel{color:red}",
                                  script: "window.hostRan = !!window.attnviz;")
        let page = ExplorerPage.shell(title: "host", payloadURL: "/api/x", panel: panel)
        let body = try #require(page.range(of: #"<body data-payload-url="/api/x">"#))
        let markup = try #require(page.range(of: panel.html))
        let between = page[body.upperBound..<markup.lowerBound]
        #expect(between.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "panel markup is not first in <body>")
        let bar = try #require(page.range(of: #"<header class="bar">"#))
        let headEnd = try #require(page.range(of: "</head>")), bodyEnd = try #require(page.range(of: "</body>"))
        #expect(markup.upperBound < bar.lowerBound)
        let explorerStyle = try #require(page.range(of: ExplorerPage.style))
        let panelStyle = try #require(page.range(of: "<style>\n#host-panel{color:red}\n</style>"))
        #expect(explorerStyle.upperBound < panelStyle.lowerBound && panelStyle.upperBound < headEnd.lowerBound)
        let explorerScript = try #require(page.range(of: ExplorerPage.script))
        let panelScript = try #require(page.range(of: "<script>\nwindow.hostRan = !!window.attnviz;\n</script>"))
        #expect(explorerScript.upperBound < panelScript.lowerBound && panelScript.upperBound < bodyEnd.lowerBound)
        // Inserted text is not scanned again for slots.
        #expect(page.contains("{{TITLE}}</section>"))
        let inline = try ExplorerPage.html(data: SeedExample.data)
        for plain in [ExplorerPage.shell(), inline] {
            #expect(!plain.contains("{{") && !plain.contains("<!--"))
            #expect(plain.components(separatedBy: "<style>").count == 2)
        }
    }

    /// The build (ExplorerAssetsPlugin) compiled the asset files as they are: the style sheet
    /// whole, and the script as every `script/*.js` module in name order inside one strict-mode
    /// function, with nothing loaded at run time.
    @Test func compiledAssetsAreTheAssetFilesWithModulesInOrder() throws {
        let assets = Self.packageRoot.appendingPathComponent("Sources/AttentionExplorer/ExplorerAssets")
        let css = try String(contentsOf: assets.appendingPathComponent("explorer.css"), encoding: .utf8)
        #expect(ExplorerPage.style == css.trimmingCharacters(in: .newlines))
        let folder = assets.appendingPathComponent("script")
        let modules = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".js") }.sorted()
        #expect(modules.count >= 10, "the script is split into modules: \(modules)")
        for role in ["decoding", "url-state", "matrix-view", "head-view", "model-view", "text-view", "aggregate-view", "export", "bootstrap"] {
            #expect(modules.contains { $0.contains(role) }, "no module for \(role) in \(modules)")
        }
        let script = ExplorerPage.script
        #expect(script.hasPrefix("(() => {\n'use strict';\n"))
        #expect(script.hasSuffix("\n})();"))
        var position = script.startIndex
        for module in modules {
            let text = try String(contentsOf: folder.appendingPathComponent(module), encoding: .utf8).trimmingCharacters(in: .newlines)
            let found = script.range(of: text, range: position..<script.endIndex)
            #expect(found != nil, "\(module) is not in the compiled script after the modules before it")
            position = found?.upperBound ?? position
        }
        for line in script.split(separator: "\n") {
            #expect(!line.hasPrefix("import ") && !line.hasPrefix("export ") && !line.contains("import("), "module syntax: \(line)")
        }
    }
}

/// A compared run packs like the page's own and carries the exact per-head divergence.
@Suite struct ExplorerComparisonTests {
    @Test func comparisonPacksLikeThePayloadAndRoundTrips() throws {
        let a = try AttentionData(tensor: SyntheticAttention.tensor(layers: 2, heads: 3, tokens: 12, seed: 3))
        let b = try AttentionData(tensor: SyntheticAttention.tensor(layers: 2, heads: 3, tokens: 12, seed: 4))
        var payload = try ExplorerPayload(data: a, title: "a vs b")
        let comparison = try ExplorerComparison(a: a, b: b, label: "b.npy", like: payload)
        payload.comparison = comparison
        #expect(comparison.offsets.count == 6 && comparison.scales.count == 6 && comparison.label == "b.npy")
        let expected = try HeadDivergence(a.tensor, b.tensor).values
        #expect(zip(comparison.divergence, expected).allSatisfy { x, y in abs(Double(x ?? -1) - (y ?? -2)) < 1e-6 })
        // B packed alone decodes (zlib, key-major) to B's 8-bit values: its data is B's payload's.
        let alone = try ExplorerPayload(data: b)
        #expect(comparison.data == alone.data && comparison.offsets == alone.offsets && comparison.scales == alone.scales)
        let decoded = try JSONDecoder().decode(ExplorerPayload.self, from: payload.jsonData())
        #expect(decoded == payload)
        let other = try AttentionData(tensor: SyntheticAttention.tensor(layers: 1, heads: 3, tokens: 12, seed: 4))
        #expect(throws: AttentionError.self) { try ExplorerComparison(a: a, b: other, label: "x", like: payload) }
    }
}
