import ArgumentParser
import Attention
import AttentionExplorer
import AttentionFormats
import AttentionRender
import AttentionText
import Foundation

/// `attnviz compare A B`: two attention files over the same number of tokens (two inputs of
/// equal length, two checkpoints, a file and a run): every head ranked by the Jensen–Shannon
/// divergence of its rows, the difference A − B as a diverging heatmap, as a tensor, or as JSON.
///
/// ```sh
/// attnviz compare base.safetensors tuned.safetensors --top 5
/// attnviz compare a.npy b.npy -o diff.png                     # the most changed head, A - B
/// attnviz compare a.npy b.npy --layer 3 --head 5 -o l3h5.pdf --diff diff.safetensors --json jsd.json
/// attnviz compare a.npy b.npy --explore compare.html             # A, B and A - B of every head
/// ```
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs head by head: Jensen-Shannon divergence and the difference A - B.",
        discussion: """
        Both files must have the same shape [layers, heads, queries, keys]. A head's divergence is \
        the mean over query positions of the Jensen-Shannon divergence between its two rows, each \
        scaled to sum 1, in bits (0 = the same, 1 = disjoint).
        """)

    @Argument(help: ArgumentHelp("The first attention file (A).", valueName: "a"))
    var first: String

    @Argument(help: ArgumentHelp("The second attention file (B), same shape.", valueName: "b"))
    var second: String

    @OptionGroup(title: "Reading the files") var input: AttentionInputFlags

    @Option(help: ArgumentHelp("Heads listed, most and least changed.", valueName: "n"))
    var top: Int = 5

    @Option(help: ArgumentHelp("With -o: the layer to draw (default: the most changed head's).", valueName: "l"))
    var layer: Int?

    @Option(help: ArgumentHelp("With -o: the head to draw (default: the most changed head).", valueName: "h"))
    var head: Int?

    @Option(name: .shortAndLong, help: ArgumentHelp("Draw A - B of one head as a diverging heatmap: .png, .svg or .pdf.", valueName: "path"))
    var output: String?

    @Option(help: ArgumentHelp("Write A - B of every head as .safetensors (with A's tokens) or .npy.", valueName: "path"))
    var diff: String?

    @Option(help: ArgumentHelp("Write an explorer page of A that also shows B and A - B of each head, heads ranked by divergence.", valueName: "path"))
    var explore: String?

    @Option(help: ArgumentHelp("Write every head's divergence as JSON: {\"layers\", \"heads\", \"divergence\": [[per head] per layer]}.", valueName: "path"))
    var json: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if (layer != nil || head != nil) && output == nil { throw ValidationError("--layer and --head choose what -o draws; give -o FILE") }
    }

    func run() throws {
        try HeadScoreImage.check(output)
        if let diff, !["safetensors", "npy"].contains(URL(fileURLWithPath: diff).pathExtension.lowercased()) {
            throw CLIFailure("\(diff): --diff writes .safetensors or .npy")
        }
        if let json, URL(fileURLWithPath: json).pathExtension.lowercased() != "json" { throw CLIFailure("\(json): --json writes .json") }
        if let explore, !["html", "htm"].contains(URL(fileURLWithPath: explore).pathExtension.lowercased()) {
            throw CLIFailure("\(explore): --explore writes HTML; use .html")
        }
        let a = try input.load(first), b = try input.load(second)
        guard a.tensor.shape == b.tensor.shape else {
            throw CLIFailure("\(second): shape \(b.tensor.shape) differs from \(first)'s \(a.tensor.shape); compare runs over the same number of tokens")
        }
        let divergence: HeadDivergence
        do { divergence = try HeadDivergence(a.tensor, b.tensor) } catch { throw FormatError(path: second, error) }
        print(summary(a, b, divergence))
        if let output { try drawDifference(a, b, divergence, to: output) }
        if let diff { try writeDifference(a, b, to: diff) }
        if let explore {
            let nameA = URL(fileURLWithPath: first).lastPathComponent, nameB = URL(fileURLWithPath: second).lastPathComponent
            do {
                var payload = try ExplorerPayload(data: a, title: "\(nameA) vs \(nameB)")
                payload.comparison = try ExplorerComparison(a: a, b: b, label: nameB, like: payload, divergence: divergence)
                try AtomicFile.write(ExplorerPage.html(payload: payload), to: explore)
            } catch let error as AttentionError {
                throw FormatError(path: second, error)
            }
        }
        if let json {
            let rows = (0..<divergence.layers).map { l in
                "[" + (0..<divergence.heads).map { h in HeadScoreReport.jsonNumber(divergence.value(layer: l, head: h)) }.joined(separator: ", ") + "]"
            }
            let text = "{\n  \"layers\": \(divergence.layers),\n  \"heads\": \(divergence.heads),\n  \"unit\": \"bits\",\n  \"divergence\": [\n    "
                + rows.joined(separator: ",\n    ") + "\n  ]\n}\n"
            try AtomicFile.write(Data(text.utf8), to: json)
        }
    }

    private func summary(_ a: AttentionData, _ b: AttentionData, _ divergence: HeadDivergence) -> String {
        let shape = a.tensor.shape
        let differing = zip(a.keyLabels, b.keyLabels).filter { $0 != $1 }.count
        var lines = [DisplaySafe.line("\(URL(fileURLWithPath: first).lastPathComponent) vs \(URL(fileURLWithPath: second).lastPathComponent): "
            + "\(shape.layers) layers x \(shape.heads) heads, \(shape.queries) x \(shape.keys)"
            + (differing > 0 ? ", \(differing) of \(shape.keys) tokens differ" : ", same tokens"), limit: 400)]
        let ranked = divergence.ranked()
        let name = { (e: HeadScoreTable.Entry) in "L\(e.layer) H\(e.head) \(HeadScoreReport.number(e.value))" }
        lines.append("most changed (Jensen-Shannon divergence, bits):  " + ranked.prefix(top).map(name).joined(separator: "   "))
        lines.append("least changed:                                   " + ranked.suffix(top).reversed().map(name).joined(separator: "   "))
        let mean = ranked.isEmpty ? 0 : ranked.reduce(0) { $0 + $1.value } / Double(ranked.count)
        lines.append("mean over heads: \(HeadScoreReport.number(mean))")
        return lines.joined(separator: "\n")
    }

    private func drawDifference(_ a: AttentionData, _ b: AttentionData, _ divergence: HeadDivergence, to path: String) throws {
        let best = divergence.ranked().first
        let l = layer ?? best?.layer ?? 0, h = head ?? best?.head ?? 0
        let layerIndex = try MatrixSelection.resolve(l, axis: "layer", count: a.tensor.shape.layers)
        let headIndex = try MatrixSelection.resolve(h, axis: "head", count: a.tensor.shape.heads)
        let ma = try a.tensor.matrix(layer: layerIndex, head: headIndex), mb = try b.tensor.matrix(layer: layerIndex, head: headIndex)
        let values = zip(ma.values, mb.values).map { $0 - $1 }
        let largest = Double(values.map(abs).max() ?? 0)
        var style = HeatmapStyle()
        style.colormap = "RdBu_r"
        style.vmin = -max(largest, 1e-12)
        style.vmax = max(largest, 1e-12)
        style.center = 0
        style.colorBarLabel = "A − B"
        let jsd = divergence.value(layer: layerIndex, head: headIndex).map { String(format: "%.3f", $0) } ?? "–"
        style.title = "A − B, layer \(layerIndex) head \(headIndex) (divergence \(jsd) bits)"
        let map = try AttentionMap(matrix: AttentionMatrix(rows: ma.rows, columns: ma.columns, values: values),
                                   rowLabels: a.queryLabels, columnLabels: a.keyLabels)
        guard let format = ImageFormat.forPath(path, dpi: 144) else { throw CLIFailure("\(path): unknown output type") }
        do {
            try AtomicFile.write(Heatmap(map: map, style: style).render(format: format), to: path)
        } catch let error as RenderError {
            throw CLIFailure("\(path): \(error.userMessage)")
        }
    }

    private func writeDifference(_ a: AttentionData, _ b: AttentionData, to path: String) throws {
        let values = zip(a.tensor.allValues(), b.tensor.allValues()).map { $0 - $1 }
        let tensor = try AttentionTensor(shape: a.tensor.shape.dimensions, values: values)
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "npy" {
            try Npy.write(tensor, to: path)
        } else {
            try Safetensors.write(AttentionData(tensor: tensor, queryTokens: a.queryTokens, keyTokens: a.keyTokens), to: path)
        }
    }
}
