import Attention
import AttentionExplorer
import AttentionFormats
import Foundation
import TransformerRuntime

/// `attnviz explore RUN --max-size SIZE`: a self-contained page of a run too long for every
/// weight, at most SIZE bytes. Every head gets its range and a pooled overview (64 pixels a side,
/// or 32 or 16 when the budget is small; each pixel the exact max and mean of the cells it
/// covers); then the top-k keys of every query row of every head (k the largest of 16, 8, 4, 2, 1
/// whose tables take at most half of what is left); then full-resolution Float32 heads while
/// they fit: the ones `--layers`/`--heads` name, else the heads whose strongest weight outside
/// the sinks is largest first; then, with what the full heads left, more keys per query when
/// they fit. Sizes are measured on the compressed parts, and the finished page is checked
/// against the budget.
struct BudgetPage {
    /// The run.
    let data: AttentionData
    /// Largest page in bytes.
    let budget: Int
    /// Heads (`layer * heads + head`) to give full resolution first; nil lets the budget decide.
    let preferred: [Int]?
    /// Page title.
    let title: String
    /// Progress lines on stderr.
    let progress: (String) -> Void

    /// What the page holds, for the command's report.
    struct Report {
        var bytes: Int
        var fullHeads: [Int]
        var topK: Int
        var overviewSize: Int
        var overviewLevel: Int
        var missedPreferred: [Int]
    }

    /// Keys per row tried for the top-k tables, largest first.
    static let topKChoices = [16, 8, 4, 2, 1]
    /// Overview sizes tried, largest first.
    static let overviewSizes = [64, 32, 16]

    func build() throws -> (html: String, report: Report) {
        let tensor = data.tensor, shape = tensor.shape
        guard shape.queries == shape.keys else {
            throw CLIFailure("--max-size pages need a square attention (queries = keys); this one is \(shape.queries) x \(shape.keys)")
        }
        let count = shape.layers * shape.heads
        let tokens = data.keyLabels.strings
        let sinks = SinkKeys.firstAndSpecial.columns(in: data.keyLabels)
        // Causal only as factored runs record it: the page then skips the tiles above the
        // diagonal (stored weights are never assumed causal).
        var causal = false, factored = false, group = 1
        if case .factored(let f) = tensor.storage { causal = f.parameters.causal; factored = true; group = f.groupSize }
        func empty(_ size: Int) -> EmbeddedRun {
            var run = EmbeddedRun(title: title, layers: shape.layers, heads: shape.heads, tokens: tokens, causal: causal,
                                  factored: factored, kvGroupSize: group, sinkColumns: sinks, overviewSize: size)
            run.generatedFrom = data.generatedFrom
            run.tokenBytes = data.tokenBytes
            return run
        }
        // What the page costs without its parts: the template, tokens, ranges, and per part a
        // few bytes of JSON (quotes, commas, nulls).
        let fixed = try ExplorerPage.html(run: Self.skeleton(empty(16), count: count)).utf8.count + 16 * count
        guard fixed < budget else {
            throw CLIFailure("--max-size \(Self.megabytes(budget)) is below the \(Self.megabytes(fixed)) the page needs before any weights (script, tokens)")
        }

        // 1. Overviews (and every head's range), as large as a quarter of the budget allows.
        var run = empty(Self.overviewSizes[0])
        var overviewBytes = 0
        // (Short runs need no more pixels than tokens: sizes above that are the same overview.)
        let sizes = Self.overviewSizes.map { min($0, shape.queries) }.reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
        for size in sizes {
            run = empty(size)
            let engine = try TileEngine(tensor: tensor, sinkColumns: Set(sinks), tileSize: size, threads: 2)
            overviewBytes = 0
            for i in 0..<count {
                if i % shape.heads == 0 { progress("overviews \(size)x\(size): layer \(i / shape.heads + 1)/\(shape.layers)") }
                let (tile, summary) = try engine.overview(layer: i / shape.heads, head: i % shape.heads)
                let part = EmbeddedRun.Part(floats: tile.max + tile.mean)
                run.setOverview(head: i, max: summary.max, sinkMax: summary.sinkMax, min: summary.min, overview: part)
                overviewBytes += part.byteCount
            }
            if fixed + overviewBytes <= budget / 4 || size == sizes.last { break }
        }
        guard fixed + overviewBytes < budget else {
            throw CLIFailure("--max-size \(Self.megabytes(budget)) is too small: the pooled overviews alone take \(Self.megabytes(fixed + overviewBytes))")
        }

        // 2. Top-k tables of every head: the largest k whose tables take at most half of what is left.
        let engine = try TileEngine(tensor: tensor, sinkColumns: Set(sinks), tileSize: EmbeddedRun.tileSize, threads: 2)
        var tables: [TopKeys] = []
        tables.reserveCapacity(count)
        let most = min(Self.topKChoices[0], shape.keys)
        for i in 0..<count {
            if i % shape.heads == 0 { progress("top-\(most) keys: layer \(i / shape.heads + 1)/\(shape.layers)") }
            tables.append(try engine.topKeys(layer: i / shape.heads, head: i % shape.heads, k: most))
        }
        let left = budget - fixed - overviewBytes
        var chosenK = 0
        var topParts: [EmbeddedRun.Part] = []
        var larger: [(k: Int, parts: [EmbeddedRun.Part])] = []  // tried and too large for now
        for k in Self.topKChoices where k <= most {
            let parts = tables.map { t in let p = t.prefix(k); return EmbeddedRun.Part(indices: p.indices, weights: p.values) }
            let bytes = parts.reduce(0) { $0 + $1.byteCount }
            if bytes <= left / 2 || (k == 1 && bytes <= left) { chosenK = k; topParts = parts; break }
            larger.append((k, parts))
        }
        guard chosenK > 0 else {
            throw CLIFailure("--max-size \(Self.megabytes(budget)) is too small: overviews and one top key per query would take more")
        }
        for i in 0..<count { run.setTopKeys(head: i, k: chosenK, topParts[i]) }

        // 3. Full-resolution heads while they fit (each replaces its top-k table).
        let order = preferred ?? (0..<count).sorted { run.summaries[$0][1] > run.summaries[$1][1] || (run.summaries[$0][1] == run.summaries[$1][1] && $0 < $1) }
        var used = fixed + run.partBytes
        var fullHeads: [Int] = [], missed: [Int] = []
        // A full head takes at least its causal half as Float32, deflated; skip the work when even that cannot fit.
        let leastFull = (shape.queries * shape.keys * 4) / (causal ? 3 : 1) / 2
        for i in order {
            guard budget - used > leastFull else { if preferred != nil { missed.append(i) }; continue }
            progress("full resolution: layer \(i / shape.heads), head \(i % shape.heads)")
            let values = try tensor.matrix(layer: i / shape.heads, head: i % shape.heads).values
            let part = EmbeddedRun.Part(floats: values)
            let change = part.byteCount - topParts[i].byteCount
            if used + change <= budget {
                run.setFull(head: i, part)
                used += change
                fullHeads.append(i)
            } else if preferred != nil {
                missed.append(i)
            } else if fullHeads.count >= 1 {
                break  // heads are alike in size: the next will not fit either
            }
        }
        // 4. What the full heads left: more keys per query for the others, when they fit.
        for (k, parts) in larger {
            let now = (0..<count).reduce(0) { $0 + (run.full[$1] == nil ? topParts[$1].byteCount : 0) }
            let then = (0..<count).reduce(0) { $0 + (run.full[$1] == nil ? parts[$1].byteCount : 0) }
            guard used - now + then <= budget else { continue }
            for i in 0..<count where run.full[i] == nil { run.setTopKeys(head: i, k: k, parts[i]) }
            used += then - now
            chosenK = k
            topParts = parts
            break
        }
        // 5. The page, checked against the budget (estimates aside, the bytes are counted).
        var html = try ExplorerPage.html(run: run)
        while html.utf8.count > budget, let last = fullHeads.popLast() {
            run.setFull(head: last, nil)
            html = try ExplorerPage.html(run: run)
        }
        guard html.utf8.count <= budget else {
            throw CLIFailure("--max-size \(Self.megabytes(budget)) is too small: the page takes \(Self.megabytes(html.utf8.count)) with overviews and top-\(chosenK) keys only")
        }
        return (html, Report(bytes: html.utf8.count, fullHeads: fullHeads, topK: chosenK, overviewSize: run.overviewSize,
                             overviewLevel: run.overviewLevel, missedPreferred: missed))
    }

    /// A run with placeholder parts, for measuring the page around them.
    static func skeleton(_ run: EmbeddedRun, count: Int) -> EmbeddedRun {
        var run = run
        let empty = EmbeddedRun.Part(floats: [])
        for i in 0..<count {
            run.setOverview(head: i, max: 0, sinkMax: 0, min: 0, overview: empty)
            run.setTopKeys(head: i, k: 1, empty)
        }
        return run
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
