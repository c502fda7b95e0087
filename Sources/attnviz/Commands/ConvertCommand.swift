import ArgumentParser
import Attention
import AttentionFormats
import Foundation

/// `attnviz convert IN -o OUT`: change an attention file's format, or materialise a selection
/// of it (a factored run's weights included) as plain weights scripts can compare.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Write (a selection of) an attention file as .npy, .npz, .safetensors or .json.",
        discussion: """
            Reads any attention file attnviz reads, factored ones (queries and keys, from \
            `attnviz run --keep qk`) included: their weights are computed for the selection only. \
            --layer and --head take an index (negative from the end) or a START:END range, as \
            --queries and --keys do. The output keeps four axes [layers, heads, queries, keys] \
            and, except .npy, the tokens. Refuses a selection larger than --memory-limit-mb.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: [.short, .long], help: ArgumentHelp("The file to write: .npy, .npz, .safetensors or .json.", valueName: "path"))
    var output: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Layers: an index (-1 is the last) or START:END (default all).", valueName: "n|range"))
    var layer: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Heads: an index or START:END (default all).", valueName: "n|range"))
    var head: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Queries (rows): START:END (default all).", valueName: "range"))
    var queries: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Keys (columns): START:END (default all).", valueName: "range"))
    var keys: String?

    /// Output kinds by extension.
    static let extensions = ["npy", "npz", "safetensors", "json"]

    func validate() throws {
        guard Self.extensions.contains(URL(fileURLWithPath: output).pathExtension.lowercased()) else {
            throw ValidationError("\(output): unknown output type; use .npy, .npz, .safetensors or .json")
        }
        for (name, text) in [("--layer", layer), ("--head", head)] {
            if let text, Int(text) == nil, SliceRange(text) == nil { throw ValidationError("\(name) \(text): expected an index or START:END, e.g. 3, -1, 0:4") }
        }
        for (name, text) in [("--queries", queries), ("--keys", keys)] {
            if let text, SliceRange(text) == nil { throw ValidationError("\(name) \(text): expected START:END, e.g. 0:32, 5:, -16:") }
        }
    }

    func run() throws {
        let data = try input.load()
        let shape = data.tensor.shape
        let l = try Self.resolve(layer, option: "--layer", count: shape.layers)
        let h = try Self.resolve(head, option: "--head", count: shape.heads)
        let q = try Self.resolve(queries, option: "--queries", count: shape.queries)
        let k = try Self.resolve(keys, option: "--keys", count: shape.keys)
        let count = [l.count, h.count, q.count, k.count].reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
        let limit = input.flags.readOptions.memoryLimit ?? .max
        guard count <= limit / 4 else {
            throw CLIFailure("\(input.file): the selection [\(l.count), \(h.count), \(q.count), \(k.count)] is \(Self.megabytes(count * 4)) of Float32 weights, over the "
                             + "\(Self.megabytes(limit)) limit; select fewer with --layer, --head, --queries, --keys (or raise --memory-limit-mb)")
        }
        var selected = try data.selecting(layers: l, heads: h, queries: q, keys: k)
        if let split = data.pairSplit, q == k, q.contains(split), split != q.lowerBound { selected.pairSplit = split - q.lowerBound }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "npy": try Npy.write(selected.tensor, to: output)
        case "npz": try NpzWriter.write([(name: "attention", tensor: selected.tensor)], to: output)
        case "json": try JSONDocument.write(selected, to: output)
        default: try Safetensors.write(selected, to: output)
        }
        let s = selected.tensor.shape
        print("wrote \(output) ([\(s.layers), \(s.heads), \(s.queries), \(s.keys)] float32, \(Self.megabytes(s.elementCount * 4)))")
    }

    /// An index (one element) or a Python-style slice of `count` elements.
    static func resolve(_ text: String?, option: String, count: Int) throws -> Range<Int> {
        guard let text else { return 0..<count }
        if let index = Int(text) {
            let i = index < 0 ? count + index : index
            guard (0..<count).contains(i) else {
                throw CLIFailure("\(option) \(text): out of range, there are \(count) (0..<\(count), or -\(count)..<0 from the end)")
            }
            return i..<(i + 1)
        }
        return try SliceRange.range(text, option: option, count: count)
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
