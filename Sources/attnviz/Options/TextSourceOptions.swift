import ArgumentParser
import Attention
import AttentionFormats
import Foundation

/// Where `attnviz text` gets tokens and weights: the note-shaped JSON, a text file plus a weights
/// file, a CSV of `token,weight` rows, or rows of any attention file.
struct TextSourceOptions: ParsableArguments {
    /// The input file (`.json {texts, weights}`, a text file with WEIGHTS, a token,weight
    /// `.csv`/`.tsv`, or an attention file) and, for attention files, how to read and label it.
    @OptionGroup var input: InputOptions

    @Argument(help: ArgumentHelp("Weights file for a text FILE: one line of numbers per line of text.", valueName: "weights"))
    var weights: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Attention files: the query whose row to show; -1 is the last (default 0).", valueName: "q"))
    var query: Int?

    @Flag(help: "Attention files: one example per query, as the note does (the default for several queries).")
    var allQueries = false

    @OptionGroup var selection: SelectionOptions

    /// The input file.
    var file: String { input.file }

    func validate() throws {
        if query != nil && allQueries { throw ValidationError("give --query or --all-queries, not both") }
    }

    /// The file to name when the weights do not fit the tokens.
    var weightsPath: String { weights ?? file }

    /// Reads the tokens and weights.
    func read() throws -> TextHeatExamples {
        if let weights {
            return try TextHeatInput.read(text: file, weights: weights)
        }
        let ext = URL(fileURLWithPath: file).pathExtension.lowercased()
        if ext == "json", TextHeatInput.isTextHeatJSON(path: file) {
            return try TextHeatInput.read(json: file)
        }
        if (ext == "csv" || ext == "tsv"), TextHeatInput.looksLikePairs(file, separator: ext == "tsv" ? "\t" : ",") {
            return try TextHeatInput.read(pairs: file, separator: ext == "tsv" ? "\t" : ",")
        }
        if ext == "txt" {
            throw CLIFailure("\(file): a text file needs a weights file too: attnviz text \(file) WEIGHTS")
        }
        return try readAttentionRows()
    }
}
