import ArgumentParser
import Attention

/// `attnviz demo`: the note's example, end to end.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Render the note's 武汉市长江大桥 example.")

    func run() async throws {
        let data = SeedExample.data
        print("shape \(data.tensor.shape)")
    }
}
