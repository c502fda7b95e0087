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

    func run() throws {
        let data = try input.load()
        let name = title ?? URL(fileURLWithPath: input.file).lastPathComponent
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
        let shape = data.tensor.shape
        let megabytes = String(format: "%.2f", Double(html.utf8.count) / 1_000_000)
        print("wrote \(output) (\(megabytes) MB; \(shape.layers) layers x \(shape.heads) heads x \(shape.queries) x \(shape.keys), \(precision.rawValue))")
    }
}

extension ExplorerPrecision: ExpressibleByArgument {}
