import ArgumentParser
import Attention
import AttentionFormats

/// Which matrix of a `[layers, heads, queries, keys]` tensor a command shows: one layer and
/// head (default 0 and 0; negative indices count from the end), heads or layers combined by
/// mean/max/min, or attention rollout. Use with `@OptionGroup var selection: SelectionOptions`.
///
/// ```swift
/// // attnviz heatmap attn.npy --layer -1 --heads mean
/// let map = try selection.map(from: try input.load())
/// ```
struct SelectionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("Layer to show; -1 is the last (default 0).", valueName: "n"))
    var layer: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Head to show; -1 is the last (default 0).", valueName: "n"))
    var head: Int?

    @Option(help: "Combine all heads of the layer instead of picking one.")
    var heads: Reduction?

    @Option(help: "Combine all layers instead of picking one.")
    var layers: Reduction?

    @Flag(help: "Attention rollout (Abnar & Zuidema 2020) through all layers, or up to --layer.")
    var rollout = false

    func validate() throws {
        if layer != nil && layers != nil { throw ValidationError("give --layer or --layers, not both") }
        if head != nil && heads != nil { throw ValidationError("give --head or --heads, not both") }
        if rollout && head != nil { throw ValidationError("--rollout averages all heads; drop --head") }
        if rollout && heads != nil && heads != .mean { throw ValidationError("--rollout averages heads; --heads \(heads!.rawValue) does not apply") }
        if rollout, let layers, layers != .mean { throw ValidationError("--rollout multiplies layers; --layers \(layers.rawValue) does not apply") }
    }

    /// The library selection these flags describe.
    var selection: MatrixSelection {
        let layerChoice: MatrixSelection.Choice = layers.map { .reduce($0) } ?? .index(layer ?? (rollout ? -1 : 0))
        let headChoice: MatrixSelection.Choice = heads.map { .reduce($0) } ?? (rollout ? .reduce(.mean) : .index(head ?? 0))
        return MatrixSelection(layer: layerChoice, head: headChoice, rollout: rollout)
    }

    /// A short description for titles and `info`, e.g. `layer 3, mean of heads`.
    var summary: String {
        if rollout { return layer.map { "rollout through layer \($0)" } ?? "rollout through all layers" }
        let l = layers.map { "\($0.rawValue) of layers" } ?? "layer \(layer ?? 0)"
        let h = heads.map { "\($0.rawValue) of heads" } ?? "head \(head ?? 0)"
        return "\(l), \(h)"
    }

    /// The selected matrix with its labels. Index errors name the option at fault.
    func map(from data: AttentionData) throws -> AttentionMap {
        do {
            return try selection.map(from: data)
        } catch {
            if case .indexOutOfRange(let axis, let index, let count) = error {
                throw CLIFailure("--\(axis) \(index): out of range, the tensor has \(count) \(axis)s (0..<\(count), or -\(count)..<0 from the end)")
            }
            throw error
        }
    }
}

extension Reduction: ExpressibleByArgument {}
