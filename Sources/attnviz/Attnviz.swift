import ArgumentParser

/// The `attnviz` command: turn transformer attention into pictures people can read.
@main
struct Attnviz: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attnviz",
        abstract: "Turn transformer attention weights into pictures people can read.",
        subcommands: [DemoCommand.self]
    )
}
