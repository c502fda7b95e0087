import ArgumentParser
import Attention
import AttentionExplorer
import AttentionFormats
import Foundation

/// `attnviz explore FILE -o page.html`: one self-contained interactive page for every layer
/// and head (head, model, matrix, text and aggregate views) that opens offline from disk.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Write one offline HTML page to explore every layer and head interactively.",
        discussion: """
            The page needs no network and no files beside it. Weights are stored 8-bit with a \
            scale per head (--precision u8, the default: error at most half a step of that head) \
            or as float16, deflated and base64-embedded.

            Runs too long for every weight (attnviz run --keep qk at thousands of tokens): \
            --max-size 40MB writes a page of at most that size. Every head gets a pooled overview \
            (exact max and mean of the cells each pixel covers) and the top-k keys of every query \
            (exact weights); heads at full resolution (float32) are added while they fit, the ones \
            --layers/--heads name first. The page says for each head and zoom whether it shows \
            exact, pooled or top-k values.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: [.short, .long], help: ArgumentHelp("The HTML page to write.", valueName: "page.html"))
    var output: String

    @Option(help: ArgumentHelp("How to store weights: u8 (8-bit per head) or f16.", valueName: "u8|f16"))
    var precision: ExplorerPrecision = .u8

    @Option(help: ArgumentHelp("Sentence pairs: index of the first token of sentence B (default: the file's own split).", valueName: "index"))
    var split: Int?

    @Option(help: ArgumentHelp("Page title (default: the input file name).", valueName: "text"))
    var title: String?

    @Option(name: .customLong("max-size"), help: ArgumentHelp("Write a page of at most this size (e.g. 40MB): pooled overviews, top-k keys, full resolution for what fits.", valueName: "size"))
    var maxSize: ByteSize?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --max-size: layers to give full resolution first (index or START:END).", valueName: "n|range"))
    var layers: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("With --max-size: heads to give full resolution first (index or START:END).", valueName: "n|range"))
    var heads: String?

    /// Weights above which a page of every weight is refused (it would be hundreds of MB).
    static let mostWeights = 300_000_000

    func validate() throws {
        if maxSize == nil && (layers != nil || heads != nil) { throw ValidationError("--layers and --heads choose full-resolution heads of a --max-size page; add --max-size") }
        for (name, text) in [("--layers", layers), ("--heads", heads)] {
            if let text, Int(text) == nil, SliceRange(text) == nil { throw ValidationError("\(name) \(text): expected an index or START:END") }
        }
    }

    func run() throws {
        let data = try input.load()
        let name = title ?? URL(fileURLWithPath: input.file).lastPathComponent
        if let maxSize { try writeBudgetPage(data, name: name, budget: maxSize.bytes); return }
        let shape = data.tensor.shape
        guard shape.elementCount <= Self.mostWeights else {
            throw CLIFailure("\(input.file): \(shape.elementCount) weights (\(shape.layers) x \(shape.heads) x \(shape.queries) x \(shape.keys)) are too many for a page of every weight; "
                             + "write one to a size with --max-size 40MB, or explore it live with attnviz serve --file \(input.file)")
        }
        let html: String
        do {
            html = try ExplorerPage.html(data: data, precision: precision, pairSplit: split, title: name)
        } catch {
            if case .nonFinite(let value, let layer, let head, let query, let key) = error {
                throw FormatError.malformed(path: input.file, problem: "the explorer cannot store non-finite weights (\(value) at layer \(layer), head \(head), query \(query), key \(key))")
            }
            throw FormatError(path: input.file, error)
        }
        try AtomicFile.write(html, to: output)
        let megabytes = String(format: "%.2f", Double(html.utf8.count) / 1_000_000)
        print("wrote \(output) (\(megabytes) MB; \(shape.layers) layers x \(shape.heads) heads x \(shape.queries) x \(shape.keys), \(precision.rawValue))")
    }
}

extension ExploreCommand {
    /// `--max-size`: the budget page (see ``BudgetPage``), and a line saying what it holds.
    func writeBudgetPage(_ data: AttentionData, name: String, budget: Int) throws {
        let shape = data.tensor.shape
        var preferred: [Int]?
        if layers != nil || heads != nil {
            let l = try ConvertCommand.resolve(layers, option: "--layers", count: shape.layers)
            let h = try ConvertCommand.resolve(heads, option: "--heads", count: shape.heads)
            preferred = l.flatMap { layer in h.map { layer * shape.heads + $0 } }
        }
        let (html, report) = try BudgetPage(data: data, budget: budget, preferred: preferred, title: name,
                                            progress: { Diagnostics.line("explore: \($0)") }).build()
        try AtomicFile.write(html, to: output)
        let names = report.fullHeads.prefix(6).map { "L\($0 / shape.heads)H\($0 % shape.heads)" }.joined(separator: " ")
        let more = report.fullHeads.count > 6 ? " and \(report.fullHeads.count - 6) more" : ""
        print("wrote \(output) (\(BudgetPage.megabytes(report.bytes)) of \(BudgetPage.megabytes(budget))): \(report.fullHeads.count) of \(shape.layers * shape.heads) heads at full resolution"
              + (report.fullHeads.isEmpty ? "" : " (\(names)\(more))")
              + ", the others as the top \(report.topK) keys of each query; every head's overview \(report.overviewSize)x\(report.overviewSize) (max and mean of \(1 << report.overviewLevel)x\(1 << report.overviewLevel) cells)")
        if !report.missedPreferred.isEmpty {
            let missed = report.missedPreferred.prefix(8).map { "L\($0 / shape.heads)H\($0 % shape.heads)" }.joined(separator: " ")
            Diagnostics.line("warning: " + "\(report.missedPreferred.count) chosen head(s) did not fit at full resolution (\(missed)\(report.missedPreferred.count > 8 ? " ..." : "")); they have top-\(report.topK) keys")
        }
    }
}

extension ExplorerPrecision: ExpressibleByArgument {}
