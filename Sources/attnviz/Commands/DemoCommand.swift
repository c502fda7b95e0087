import ArgumentParser
import Attention
import Foundation

/// `attnviz demo`: the note's 武汉市长江大桥 example end to end, no input file needed.
/// Each output format adds its files to `--output` (default `demo/`).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Render the note's 武汉市长江大桥 example: terminal heatmap, heatmap PNG/SVG/PDF, text heat, explorer.")

    @Option(name: .shortAndLong, help: "Folder for the rendered files.")
    var output: String = "demo"

    func run() async throws {
        let data = SeedExample.data
        var written: [String] = []
        // Each renderer appends the files it wrote to `written` below.
        written += try DemoTextHeat.write(to: output)
        written += try DemoHeatmap.write(to: output)
        written += try DemoExplorer.write(to: output)
        print(try DemoTerminalHeatmap.render(), terminator: "")
        print("attnviz demo: the note's example \(data.queryLabels.strings.joined(separator: " ")), shape \(data.tensor.shape)")
        for file in written { print("wrote \(file)") }
    }
}
