import ArgumentParser
import Attention
import AttentionFormats
import Foundation

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

    @Option(parsing: .unconditional, help: ArgumentHelp("Only these queries (rows), Python-style START:END, e.g. 0:32 or -16: .", valueName: "range"))
    var queries: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only these keys (columns), Python-style START:END.", valueName: "range"))
    var keys: String?

    func validate() throws {
        for (name, text) in [("--queries", queries), ("--keys", keys)] {
            if let text, SliceRange(text) == nil { throw ValidationError("\(name) \(text): expected START:END, e.g. 0:32, 5:, -16:") }
        }
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
            let map = try selection.map(from: data)
            let rows = try resolve(queries, option: "--queries", count: map.matrix.rows)
            let columns = try resolve(keys, option: "--keys", count: map.matrix.columns)
            if rows == nil && columns == nil { return map }
            let r = rows ?? 0..<map.matrix.rows
            let c = columns ?? 0..<map.matrix.columns
            return try AttentionMap(
                matrix: map.matrix.selecting(rows: r, columns: c),
                rowLabels: Tokens(Array(map.rowLabels.strings[r])),
                columnLabels: Tokens(Array(map.columnLabels.strings[c])))
        } catch let error as AttentionError {
            if case .indexOutOfRange(let axis, let index, let count) = error {
                throw CLIFailure("--\(axis) \(index): out of range, the tensor has \(count) \(axis)s (0..<\(count), or -\(count)..<0 from the end)")
            }
            throw error
        }
    }

    private func resolve(_ text: String?, option: String, count: Int) throws -> Range<Int>? {
        try text.map { try SliceRange.range($0, option: option, count: count) }
    }
}

/// A Python-style `START:END` slice (either end optional, negative counts from the end).
struct SliceRange: Equatable {
    var start: Int?
    var end: Int?

    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        func bound(_ s: Substring) -> Int?? {
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .some(nil) }
            return Int(trimmed).map { .some($0) } ?? nil
        }
        guard let start = bound(parts[0]), let end = bound(parts[1]) else { return nil }
        self.start = start
        self.end = end
    }

    /// The non-empty range `text` (START:END) selects from `count` elements, or a `CLIFailure`
    /// naming `option` when it selects nothing.
    static func range(_ text: String, option: String, count: Int) throws -> Range<Int> {
        guard let slice = SliceRange(text), let range = slice.resolved(count: count) else {
            throw CLIFailure("\(option) \(text): selects nothing of the \(count) available (0..<\(count))")
        }
        return range
    }

    /// The non-empty range this slice selects from `count` elements, clamped like Python.
    func resolved(count: Int) -> Range<Int>? {
        func clamp(_ v: Int?, _ fallback: Int) -> Int {
            guard let v else { return fallback }
            return min(max(v < 0 ? count + v : v, 0), count)
        }
        let lower = clamp(start, 0)
        let upper = clamp(end, count)
        return lower < upper ? lower..<upper : nil
    }
}

extension Reduction: ExpressibleByArgument {}
