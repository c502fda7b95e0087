import Attention
import Foundation

/// Factored attention in a safetensors file (`attnviz run --keep qk`): tensors `queries`
/// `[layers, query heads, seq, head size]`, `keys` `[layers, kv heads, seq, head size]` (F32, F16
/// or BF16) and `logsumexp` `[layers, query heads, seq]`, with `__metadata__`:
///
/// | key | value |
/// |---|---|
/// | `attnviz` | `factored-attention/1` (what marks the file) |
/// | `scale` | the logit scale, a decimal number |
/// | `causal` | `true` or `false` |
/// | `sliding_windows` | optional JSON array, one integer or `null` per layer |
/// | `soft_cap` | optional decimal number |
/// | `tokens`, `token_ids`, `prompt_tokens`, `token_bytes` | as in attention files |
///
/// Any weight is `exp(scale · q·k − logsumexp)` (see `FactoredAttention`).
///
/// ```swift
/// try FactoredSafetensors.write(factored, tokens: tokens, to: "run.safetensors")
/// let data = try AttentionFile.read(path: "run.safetensors")   // data.tensor.factored != nil
/// ```
public enum FactoredSafetensors {
    /// The `attnviz` metadata value that marks a factored file.
    public static let marker = "factored-attention/1"

    /// Whether `file` holds factored attention.
    public static func isFactored(_ file: SafetensorsFile) -> Bool { file.metadata["attnviz"] == marker }

    /// The factored attention of a marked file, every part checked against the others. One
    /// head's weights (sequence² floats, what commands compute at a time) must fit `memoryLimit`.
    public static func read(_ file: SafetensorsFile, memoryLimit: Int? = nil) throws(FormatError) -> FactoredAttention {
        let path = file.path
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: problem) }
        for name in ["queries", "keys", "logsumexp"] where file.tensors[name] == nil {
            throw fail("factored attention needs tensor \"\(name)\" (the file has \(SafetensorsFile.list(file.names)))")
        }
        let qInfo = try file.info(named: "queries"), kInfo = try file.info(named: "keys"), lInfo = try file.info(named: "logsumexp")
        guard qInfo.shape.count == 4, kInfo.shape.count == 4 else {
            throw fail("queries \(qInfo.shape) and keys \(kInfo.shape) must be [layers, heads, sequence, head size]")
        }
        guard lInfo.shape == Array(qInfo.shape.prefix(3)) else {
            throw fail("logsumexp \(lInfo.shape) must be [layers, query heads, sequence] = \(Array(qInfo.shape.prefix(3)))")
        }
        let sequence = qInfo.shape[2]
        let (square, overflow) = sequence.multipliedReportingOverflow(by: sequence)
        if let memoryLimit, overflow || square > memoryLimit / 4 {
            throw .tooLarge(path: path, detail: "one head of \(sequence) tokens is \(sequence)² weights, over the memory limit of \(memoryLimit >> 20) MiB")
        }
        guard let scaleText = file.metadata["scale"], let scale = Float(scaleText) else { throw fail("metadata \"scale\" is missing or not a number") }
        let causal: Bool
        switch file.metadata["causal"] {
        case "true": causal = true
        case "false": causal = false
        default: throw fail("metadata \"causal\" must be true or false")
        }
        var windows = [Int?]()
        if let text = file.metadata["sliding_windows"] {
            guard let value = try? JSONParser.parse(text), let elements = value.arrayElements else {
                throw fail("metadata \"sliding_windows\" must be a JSON array of integers or null")
            }
            for element in elements {
                if case .null = element { windows.append(nil); continue }
                guard let n = element.number, n >= 1, n == n.rounded(), n < 1e9 else {
                    throw fail("metadata \"sliding_windows\" must be a JSON array of integers or null")
                }
                windows.append(Int(n))
            }
        }
        var softCap: Float?
        if let text = file.metadata["soft_cap"] {
            guard let cap = Float(text) else { throw fail("metadata \"soft_cap\" is not a number") }
            softCap = cap
        }
        let lse = try file.floats(named: "logsumexp")
        guard lse.allSatisfy(\.isFinite) else { throw fail("logsumexp holds NaN or infinity") }
        do {
            return try FactoredAttention(
                queries: file.tensor(named: "queries"), keys: file.tensor(named: "keys"), logSumExp: lse,
                parameters: .init(scale: scale, causal: causal, slidingWindows: windows, softCap: softCap))
        } catch let error as FormatError {
            throw error
        } catch let error as AttentionError {
            throw fail(error.description)
        } catch {
            throw fail("\(error)")
        }
    }

    /// Stored precision of queries and keys.
    public enum Precision: String, Sendable, CaseIterable {
        case f32, f16
    }

    /// The bytes of a factored file; `metadata` entries (token ids, say) follow the parameters.
    public static func encode(_ f: FactoredAttention, tokens: Tokens?, precision: Precision = .f32,
                              metadata extra: [(String, String)] = []) -> Data {
        var out = Data()
        stream(f, tokens: tokens, precision: precision, metadata: extra) { bytes in out.append(contentsOf: bytes); return true }
        return out
    }

    /// Hands the file's bytes to `emit` piece by piece: the header, then each tensor a head at a
    /// time, so writing never holds a second copy of the queries and keys.
    static func stream(_ f: FactoredAttention, tokens: Tokens?, precision: Precision, metadata extra: [(String, String)],
                       _ emit: (UnsafeRawBufferPointer) -> Bool) {
        let p = f.parameters
        var metadata: [(String, String)] = [("attnviz", marker), ("scale", "\(p.scale)"), ("causal", p.causal ? "true" : "false")]
        if !p.slidingWindows.isEmpty {
            metadata.append(("sliding_windows", "[" + p.slidingWindows.map { $0.map(String.init) ?? "null" }.joined(separator: ",") + "]"))
        }
        if let cap = p.softCap { metadata.append(("soft_cap", "\(cap)")) }
        if let tokens { metadata.append(("tokens", JSONDocument.encodeStrings(tokens.strings))) }
        metadata += extra
        let width = precision == .f16 ? 2 : 4
        let dtype = precision == .f16 ? "F16" : "F32"
        let entries = [
            Safetensors.HeaderEntry(name: "queries", dtype: dtype, shape: f.queries.shape.dimensions, byteCount: f.queries.shape.elementCount * width),
            Safetensors.HeaderEntry(name: "keys", dtype: dtype, shape: f.keys.shape.dimensions, byteCount: f.keys.shape.elementCount * width),
            Safetensors.HeaderEntry(name: "logsumexp", dtype: "F32", shape: [f.layers, f.heads, f.sequence], byteCount: f.logSumExp.count * 4),
        ]
        guard Safetensors.header(metadata: metadata, entries: entries).withUnsafeBytes({ emit($0) }) else { return }
        // Each head's vectors (or the normalisers) as little-endian bytes, one head at a time.
        func emitFloats(_ values: [Float], half: Bool) -> Bool {
            if half {
                let halves = values.map { ScalarType.halfFromFloat($0).littleEndian }
                return halves.withUnsafeBytes { emit($0) }
            }
            let little = values.map { $0.bitPattern.littleEndian }
            return little.withUnsafeBytes { emit($0) }
        }
        for tensor in [f.queries, f.keys] {
            for l in 0..<tensor.shape.layers {
                for h in 0..<tensor.shape.heads {
                    // In range by construction.
                    guard let head = try? tensor.matrix(layer: l, head: h), emitFloats(head.values, half: precision == .f16) else { return }
                }
            }
        }
        _ = emitFloats(f.logSumExp, half: false)
    }

    /// Writes a factored file atomically.
    public static func write(_ f: FactoredAttention, tokens: Tokens?, precision: Precision = .f32,
                             metadata: [(String, String)] = [], to path: String) throws(FormatError) {
        try AtomicFile.write(to: path) { emit in stream(f, tokens: tokens, precision: precision, metadata: metadata, emit) }
    }
}
