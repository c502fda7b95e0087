import ArgumentParser
import Foundation

/// Where `attnviz heads` and `attnviz stats` write their head scores besides the table on
/// stdout: `--json`, `--csv`, `-o` (an image), and how many heads the table lists.
struct HeadScoreOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Heads listed per score.", valueName: "n"))
    var top: Int = 3

    @Option(help: ArgumentHelp("Write every head's scores as JSON: {\"layers\", \"heads\", \"scores\": {name: [[per head] per layer]}}.", valueName: "path"))
    var json: String?

    @Option(help: ArgumentHelp("Write every head's scores as CSV, one row per head.", valueName: "path"))
    var csv: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Draw every score as a layers x heads heatmap: .png, .svg or .pdf.", valueName: "path"))
    var output: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    /// Refuses output names of the wrong type before any work.
    func check() throws {
        for (path, ext) in [(json, "json"), (csv, "csv")] {
            if let path, URL(fileURLWithPath: path).pathExtension.lowercased() != ext {
                throw CLIFailure("\(path): --\(ext) writes .\(ext)")
            }
        }
        try HeadScoreImage.check(output)
    }
}
