import Attention
import Foundation
import TransformerRuntime

/// What `attnviz heads` writes: a ranked text table, JSON and CSV of a `HeadScoreTable`.
struct HeadScoreReport {
    /// First line of the text output (names the input; made safe when printed).
    var title: String
    var table: HeadScoreTable
    /// Query positions of the scored text.
    var tokens: Int
    /// The repeated random sequence that gave duplicate and induction, if any.
    var probe: RepeatedTokenProbe?
    /// Its token ids (specials, the random half twice), so a reference can rerun it.
    var probeIds: [Int] = []
    /// The sums behind the means, for confidence intervals (corpus statistics).
    var sums: HeadScoreSums?

    /// One line per score: its name, what it measures, and the `top` notable heads.
    func rankedText(top: Int) -> String {
        var lines = [DisplaySafe.line(title, limit: 300)]
        let width = table.scores.map(\.rawValue.count).max() ?? 0
        let summaryWidth = table.scores.map(\.summary.count).max() ?? 0
        for score in table.scores {
            let ranked = table.ranked(score)
            let name = score.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let summary = score.summary.padding(toLength: summaryWidth, withPad: " ", startingAt: 0)
            let best: String
            if let value = ranked.first?.value, ranked.allSatisfy({ $0.value == value }) {
                best = "every head \(Self.number(value))"   // e.g. `next` under a causal mask
            } else {
                best = ranked.prefix(top).map { entry in
                    var text = "L\(entry.layer) H\(entry.head) \(Self.number(entry.value))"
                    if let interval = sums?.cell(score, layer: entry.layer, head: entry.head)?.confidence95 {
                        text += " ±" + Self.number((interval.upperBound - interval.lowerBound) / 2)
                    }
                    return text
                }.joined(separator: "   ")
            }
            lines.append("\(name)  \(summary)  \(best)")
        }
        if let probe {
            lines.append("duplicate and induction: a random sequence of \(probe.length) tokens seen twice (seed \(probe.seed))")
        }
        return lines.joined(separator: "\n")
    }

    /// `{"layers": L, "heads": H, "tokens": T, "scores": {name: [[per head] per layer]}}`, with
    /// `null` where a score is undefined and `"probe": {"length", "seed", "ids"}` when one ran.
    func json() -> String {
        var parts = ["\"layers\": \(table.layers)", "\"heads\": \(table.heads)", "\"tokens\": \(tokens)"]
        if let probe {
            let ids = probeIds.map(String.init).joined(separator: ", ")
            parts.append("\"probe\": {\"length\": \(probe.length), \"seed\": \(probe.seed), \"ids\": [\(ids)]}")
        }
        let scores = table.scores.compactMap { score -> String? in
            guard let rows = table.rows(score) else { return nil }
            let body = rows.map { "[" + $0.map(Self.jsonNumber).joined(separator: ", ") + "]" }.joined(separator: ",\n      ")
            return "    \"\(score.rawValue)\": [\n      \(body)\n    ]"
        }
        parts.append("\"scores\": {\n\(scores.joined(separator: ",\n"))\n  }")
        return "{\n  " + parts.joined(separator: ",\n  ") + "\n}\n"
    }

    /// `layer,head,<score>,...`: one row per head, empty where undefined; with sums, each score
    /// is followed by `<score>_low,<score>_high`, its 95% interval.
    func csv() -> String {
        let scores = table.scores
        let columns = scores.flatMap { sums == nil ? [$0.rawValue] : [$0.rawValue, $0.rawValue + "_low", $0.rawValue + "_high"] }
        var lines = [(["layer", "head"] + columns).joined(separator: ",")]
        for layer in 0..<table.layers {
            for head in 0..<table.heads {
                let values = scores.flatMap { score -> [String] in
                    let mean = table.value(score, layer: layer, head: head).map(Self.jsonNumber) ?? ""
                    guard let sums else { return [mean] }
                    let interval = sums.cell(score, layer: layer, head: head)?.confidence95
                    return [mean, interval.map { Self.jsonNumber($0.lowerBound) } ?? "", interval.map { Self.jsonNumber($0.upperBound) } ?? ""]
                }
                lines.append((["\(layer)", "\(head)"] + values).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shortest text that reads back as the same Double; `null` for nil.
    static func jsonNumber(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return "\(value)"
    }

    /// Three decimals for the table.
    static func number(_ value: Double) -> String { String(format: "%.3f", value) }
}
