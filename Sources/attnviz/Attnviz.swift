import ArgumentParser
import Foundation

/// The `attnviz` command: turn transformer attention into pictures people can read.
@main
struct Attnviz: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attnviz",
        abstract: "Turn transformer attention weights into pictures people can read.",
        subcommands: [DemoCommand.self, InfoCommand.self, TextCommand.self, HeatmapCommand.self, ExploreCommand.self, RunCommand.self, ServeCommand.self]
    )

    /// Runs the command; problems with inputs print one line `attnviz: FILE: problem` and exit 1
    /// instead of ArgumentParser's generic "Error:" banner.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as any UserFacingError {
            Diagnostics.line(failure.userMessage)
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
