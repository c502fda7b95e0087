import ArgumentParser
import Attention
import AttentionFormats

/// `attnviz info FILE`: what is in an attention file: format, tensors, shape, dtype, tokens,
/// value range and whether rows are distributions. Huge memory-mapped tensors are sampled
/// (up to `--sample` values, whole heads in order) and the output says how much was read.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe an attention file: shape, dtype, tensors, tokens, value range, row sums.")

    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Most values to read for the value range and row sums.", valueName: "count"))
    var sample: Int = 16 << 20

    func run() throws {
        let data = try input.load()
        let format: AttentionFileFormat
        if let requested = input.flags.format { format = requested } else { format = try AttentionFileFormat.detect(path: input.file) }
        let (formatLine, names) = try details(format)
        print(Self.describe(data, path: input.file, format: formatLine, names: names, sample: sample), terminator: "")
    }

    /// The format line and the tensor listing of multi-array files.
    private func details(_ format: AttentionFileFormat) throws -> (String, [String]) {
        switch format {
        case .safetensors:
            let file = try SafetensorsFile(path: input.file)
            let names = file.names.compactMap { name in file.tensors[name].map { "\(DisplaySafe.line(name, limit: 100)) \($0.dtype) \($0.shape)" } }
            var line = "safetensors, \(file.names.count) tensor\(file.names.count == 1 ? "" : "s")"
            // What float16 queries and keys cost, as `attnviz run --keep qk --qk-precision f16` measured it.
            if let error = file.metadata["f16_max_weight_error"].flatMap(Float.init) {
                let rows = file.metadata["f16_error_rows"].map { DisplaySafe.line($0, limit: 40) } ?? "some"
                line += "; float16 queries and keys change weights by at most \(error) (measured on \(rows) rows at write time)"
            }
            return (line, names)
        case .npz:
            let names = try Npz(path: input.file).names.map { DisplaySafe.line($0, limit: 100) }
            return ("npz, \(names.count) array\(names.count == 1 ? "" : "s")", names)
        case .npy:
            let file: MappedFile
            do { file = try MappedFile(path: input.file) } catch { throw FormatError(path: input.file, error) }
            let header = try file.withBytes { bytes throws(FormatError) in try NpyHeader(parsing: bytes, path: input.file) }
            return ("npy \(header.majorVersion).\(header.minorVersion), '\(header.descr)', \(header.fortranOrder ? "Fortran" : "C") order", [])
        default:
            return (format.rawValue, [])
        }
    }

    /// What a factored file holds: its parts, how weights follow from them, its size against
    /// the Float32 weights it stands for.
    static func factoredLine(_ f: FactoredAttention, weights: Int) -> String {
        let p = f.parameters
        var parts = ["queries \(f.queries.shape.dimensions), keys \(f.keys.shape.dimensions)"]
        if f.groupSize > 1 { parts.append("\(f.groupSize) query heads per key head") }
        parts.append("scale \(p.scale)")
        parts.append(p.causal ? "causal" : "not causal")
        let windows = p.slidingWindows.enumerated().compactMap { l, w in w.map { "layer \(l): \($0)" } }
        if !windows.isEmpty { parts.append("sliding window " + windows.joined(separator: ", ")) }
        if let cap = p.softCap { parts.append("soft cap \(cap)") }
        let full = Double(weights) * 4, stored = Double(f.storedByteCount)
        parts.append(String(format: "%.0f bytes for %.0f bytes of Float32 weights (%@)", stored, full,
                            stored <= full ? String(format: "1/%.0f", full / max(stored, 1)) : String(format: "%.1f× their size", stored / max(full, 1))))
        return parts.joined(separator: "; ")
    }

    /// The report text.
    static func describe(_ data: AttentionData, path: String, format: String, names: [String], sample: Int) -> String {
        let tensor = data.tensor
        let shape = tensor.shape
        var lines = [(String, String)]()
        lines.append(("file", path))
        lines.append(("format", format))
        if !names.isEmpty { lines.append(("tensors", names.joined(separator: "; "))) }
        let stored = tensor.storedDimensions.map(String.init).joined(separator: ", ")
        lines.append(("shape", "[\(stored)] as [layers, heads, queries, keys] = \(shape)"))
        let storage: String
        switch tensor.storage {
        case .owned: storage = "in memory"
        case .mapped(let region): storage = "memory-mapped, \(region.byteOrder == .little ? "little" : "big")-endian, \(tensor.storedByteCount) bytes"
        case .factored: storage = "queries and keys; weights computed per head when shown"
        }
        lines.append(("dtype", "\(tensor.storedScalarType.rawValue) (\(storage))"))
        if let factored = tensor.factored {
            lines.append(("factored", Self.factoredLine(factored, weights: shape.checkedElementCount ?? .max)))
        }
        lines.append(("tokens", tokenLine(data)))

        var low = Float.infinity
        var high = -Float.infinity
        var nonFinite = 0
        var rows = 0
        var badRows = 0
        var lowSum = Float.infinity
        var highSum = -Float.infinity
        var scanError: String?
        let headCount = shape.layers * shape.heads
        var visited = 0
        do {
            visited = try tensor.forEachMatrix(elementBudget: max(sample, 1)) { (_: Int, _: Int, m: AttentionMatrix) throws(AttentionError) in
                m.values.withUnsafeBufferPointer { buffer in
                    for v in buffer {
                        if v.isFinite {
                            if v < low { low = v }
                            if v > high { high = v }
                        } else {
                            nonFinite += 1
                        }
                    }
                }
                for sum in m.rowSums {
                    rows += 1
                    guard sum.isFinite else { badRows += 1; continue }
                    lowSum = min(lowSum, sum)
                    highSum = max(highSum, sum)
                    if !(abs(sum - 1) <= 1e-3) { badRows += 1 }
                }
            }
        } catch {
            scanError = error.problemWithHint
        }
        let sampled = visited == headCount
            ? "all \(headCount) head\(headCount == 1 ? "" : "s")"
            : "sampled \(visited) of \(headCount) heads (\(visited * shape.queries * shape.keys) values; raise --sample to read more)"
        if let scanError {
            lines.append(("values", "could not read: \(scanError)"))
        } else {
            var range = low <= high ? "min \(low), max \(high)" : "no finite values"
            if nonFinite > 0 { range += ", \(nonFinite) NaN/Inf" }
            lines.append(("values", "\(range) (\(sampled))"))
            if badRows == 0 {
                lines.append(("rows", "all \(rows) rows sum to 1 (±0.001)"))
            } else {
                lines.append(("rows", "\(badRows) of \(rows) rows do not sum to 1 (finite row sums \(lowSum) to \(highSum))"))
            }
        }
        let width = lines.map(\.0.count).max() ?? 0
        // Names, paths and dtypes come from the file: each value is shown on its one line, escaped.
        return lines.map { $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + DisplaySafe.line($0.1, limit: 4000) + "\n" }.joined()
    }

    private static func tokenLine(_ data: AttentionData) -> String {
        func sample(_ t: Tokens) -> String {
            let shown = t.strings.prefix(8).map { DisplaySafe.quoted($0) }.joined(separator: " ")
            return t.count > 8 ? shown + " …" : shown
        }
        switch (data.queryTokens, data.keyTokens) {
        case (nil, nil):
            return "none (labels are indices)"
        case (let q?, let k?) where q == k:
            return "\(q.count) (both axes): \(sample(q))"
        default:
            let q = data.queryTokens.map { "\($0.count) query: \(sample($0))" } ?? "no query tokens"
            let k = data.keyTokens.map { "\($0.count) key: \(sample($0))" } ?? "no key tokens"
            return q + "; " + k
        }
    }
}
