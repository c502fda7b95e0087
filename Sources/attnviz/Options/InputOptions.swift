import ArgumentParser
import Attention
import AttentionFormats
import Foundation

/// The input of every command that reads an attention file: the file, how to read it, and
/// which tokens label it. Use with `@OptionGroup var input: InputOptions`.
///
/// ```swift
/// struct Heatmap: ParsableCommand {
///     @OptionGroup var input: InputOptions
///     @OptionGroup var selection: SelectionOptions
///     func run() throws {
///         let data = try input.load()                 // validated AttentionData
///         let map = try selection.map(from: data)     // one labelled matrix
///     }
/// }
/// ```
struct InputOptions: ParsableArguments {
    @Argument(help: "Attention file: .json, .csv, .tsv, .npy, .npz or .safetensors.")
    var file: String

    @OptionGroup var flags: AttentionInputFlags

    /// Reads and validates the file, then applies the token flags (see
    /// ``AttentionInputFlags/load(_:)``).
    func load() throws -> AttentionData { try flags.load(file) }
}

/// How to read an attention file and which tokens label it, without the file argument: for
/// commands whose positional argument is sometimes a file and sometimes something else
/// (`attnviz heads FILE` or `attnviz heads --model M TEXT`).
struct AttentionInputFlags: ParsableArguments {
    @Option(help: "File format, when the extension does not say (default: by extension, then by content).")
    var format: AttentionFileFormat?

    @Option(name: .customLong("tensor"), help: ArgumentHelp("Array to read from an .npz or safetensors file with several.", valueName: "name"))
    var tensorName: String?

    @Option(help: ArgumentHelp("Tokens for both axes, separated by single spaces (e.g. \"武 汉 市\").", valueName: "text"))
    var tokens: String?

    @Option(help: ArgumentHelp("File with one token per line, for both axes.", valueName: "path"))
    var tokensFile: String?

    @Option(help: ArgumentHelp("Query (row) tokens separated by single spaces, for cross attention.", valueName: "text"))
    var queryTokens: String?

    @Option(help: ArgumentHelp("Key (column) tokens separated by single spaces, for cross attention.", valueName: "text"))
    var keyTokens: String?

    @Flag(help: "Accept NaN and infinite weights instead of failing.")
    var allowNonfinite = false

    @Option(name: .customLong("memory-limit-mb"), help: ArgumentHelp(
        "Most memory the file's decoded values may take, in MiB (default: half of this machine's memory).", valueName: "n"))
    var memoryLimitMB: Int?

    func validate() throws {
        if tokens != nil && tokensFile != nil { throw ValidationError("give --tokens or --tokens-file, not both") }
        if let memoryLimitMB, memoryLimitMB < 1 { throw ValidationError("--memory-limit-mb must be at least 1") }
    }

    /// The read options these flags describe.
    var readOptions: AttentionReadOptions {
        AttentionReadOptions(format: format, tensorName: tensorName, allowNonFinite: allowNonfinite,
                             memoryLimit: memoryLimitMB.map { $0 << 20 } ?? AttentionReadOptions.halfOfPhysicalMemory)
    }

    /// Reads and validates `file`, then applies token options (which override tokens stored
    /// in the file). Problems are `FormatError`s naming the file.
    func load(_ file: String) throws -> AttentionData {
        var data = try AttentionFile.read(path: file, options: readOptions)
        let shape = data.tensor.shape
        var shared: Tokens?
        var source = "--tokens"
        var sourcePath = file
        if let tokens { shared = Tokens(splittingOnSpaces: tokens) }
        if let tokensFile {
            shared = try Self.readTokensFile(tokensFile)
            source = "--tokens-file"
            sourcePath = tokensFile
        }
        if let shared {
            if shared.count == shape.queries && shared.count == shape.keys {
                data.queryTokens = shared
                data.keyTokens = shared
            } else if shared.count == shape.queries && queryTokens == nil && keyTokens == nil && data.keyTokens == nil && shape.queries != shape.keys {
                data.queryTokens = shared
            } else {
                throw CLIFailure("\(sourcePath): \(source) gives \(shared.count) tokens but the tensor has \(shape.queries) queries and \(shape.keys) keys")
            }
        }
        if let queryTokens {
            let q = Tokens(splittingOnSpaces: queryTokens)
            guard q.count == shape.queries else {
                throw CLIFailure("\(file): --query-tokens gives \(q.count) tokens but the tensor has \(shape.queries) queries")
            }
            data.queryTokens = q
        }
        if let keyTokens {
            let k = Tokens(splittingOnSpaces: keyTokens)
            guard k.count == shape.keys else {
                throw CLIFailure("\(file): --key-tokens gives \(k.count) tokens but the tensor has \(shape.keys) keys")
            }
            data.keyTokens = k
        }
        return data
    }

    /// Reads one token per line (a final newline is optional; `\r\n` is accepted).
    static func readTokensFile(_ path: String) throws -> Tokens {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        guard file.count <= 256 << 20 else { throw FormatError.tooLarge(path: path, detail: "tokens file larger than 256 MiB") }
        guard let text = file.withBytes({ String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }) else {
            throw FormatError.malformed(path: path, problem: "tokens file is not valid UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw FormatError.malformed(path: path, problem: "tokens file is empty") }
        return Tokens(lines)
    }
}

extension AttentionFileFormat: ExpressibleByArgument {}
