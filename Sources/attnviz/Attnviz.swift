import ArgumentParser
import Foundation

/// The `attnviz` command: turn transformer attention into pictures people can read.
@main
struct Attnviz: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attnviz",
        abstract: "Turn transformer attention weights into pictures people can read.",
        subcommands: [DemoCommand.self, InfoCommand.self, TextCommand.self, HeatmapCommand.self, ExploreCommand.self, ConvertCommand.self, RunCommand.self, HeadsCommand.self, StatsCommand.self, CompareCommand.self, ServeCommand.self]
    )

    /// Runs the command. Every failure prints one line and exits 1: problems with inputs as
    /// `attnviz: FILE: problem`, command-line mistakes (an unknown flag, a value that does not
    /// parse, with the reason) as ArgumentParser words them, instead of its multi-line "Error:"
    /// and usage banner. `--help` and `--version` print as usual.
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
            guard exitCode(for: error) != .success else { exit(withError: error) }
            Diagnostics.line(message(for: error))
            Foundation.exit(1)
        }
    }
}
