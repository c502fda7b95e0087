/// A Llama-family GGUF file's tensors under the Hugging Face names the decoders ask for
/// (`model.layers.3.self_attn.q_proj.weight` is `blk.3.attn_q.weight`), with the query and key
/// rows put back in Hugging Face's order: llama.cpp's converter interleaves each head's two
/// rotary halves (row `h·d + 2i + j` holds Hugging Face's row `h·d + j·d/2 + i`) for its own RoPE
/// kernel, for the `llama` architecture only (Qwen2 files keep the original order).
///
/// ```swift
/// let names = GGUFNames(file: gguf, heads: 9, kvHeads: 3, permutedQueryKey: true)
/// let q = try names.weights("model.layers.0.self_attn.q_proj.weight", shape: [576, 576])
/// ```
struct GGUFNames: Sendable {
    let file: GGUFFile
    let heads: Int
    let kvHeads: Int
    /// Whether `attn_q`/`attn_k` rows are in llama.cpp's interleaved rotary order.
    let permutedQueryKey: Bool

    /// The GGUF name of a Hugging Face tensor name, or `nil` for names GGUF files do not have.
    static func ggufName(_ name: String) -> String? {
        switch name {
        case "model.embed_tokens.weight": return "token_embd.weight"
        case "model.norm.weight": return "output_norm.weight"
        case "lm_head.weight": return "output.weight"
        default: break
        }
        let prefix = "model.layers."
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard let dot = rest.firstIndex(of: "."), let layer = Int(rest[..<dot]) else { return nil }
        let part = String(rest[rest.index(after: dot)...])
        let parts: [String: String] = [
            "input_layernorm.weight": "attn_norm.weight",
            "self_attn.q_proj.weight": "attn_q.weight", "self_attn.q_proj.bias": "attn_q.bias",
            "self_attn.k_proj.weight": "attn_k.weight", "self_attn.k_proj.bias": "attn_k.bias",
            "self_attn.v_proj.weight": "attn_v.weight", "self_attn.v_proj.bias": "attn_v.bias",
            "self_attn.o_proj.weight": "attn_output.weight",
            "post_attention_layernorm.weight": "ffn_norm.weight",
            "mlp.gate_proj.weight": "ffn_gate.weight", "mlp.up_proj.weight": "ffn_up.weight",
            "mlp.down_proj.weight": "ffn_down.weight",
        ]
        return parts[part].map { "blk.\(layer).\($0)" }
    }

    /// The tensor behind a Hugging Face name.
    func info(for name: String) -> GGUFTensorInfo? {
        Self.ggufName(name).flatMap { file.tensor(named: $0) }
    }

    /// The tensor behind `name`, checked to have `shape` (Hugging Face's order).
    func locate(_ name: String, shape: [Int]) throws(RuntimeError) -> GGUFTensorInfo {
        guard let gguf = Self.ggufName(name), let info = file.tensor(named: gguf) else {
            throw .missingWeight(path: file.path, tensor: Self.ggufName(name) ?? name)
        }
        guard info.shape == shape else {
            throw .file(path: file.path, problem: "tensor \(gguf) has shape \(info.shape) but the model's metadata implies \(shape)")
        }
        return info
    }

    /// A matrix left quantized in the map and dequantized on use (rows in Hugging Face's order),
    /// after checking once that every row can be read.
    func deferredMatrix(_ name: String, shape: [Int]) throws(RuntimeError) -> WeightMatrix {
        let info = try locate(name, shape: shape)
        let rows = shape[0]
        let rowLength = shape.count > 1 ? shape[1] : 1
        _ = try file.floats(info, rows: rows > 0 ? (rows - 1)..<rows : 0..<0)   // validates the whole row range's bytes
        let source = try sourceRows(name, info: info, rows: rows)
        let file = self.file
        return WeightMatrix(rows: rows, rowLength: rowLength) { range, target in
            guard let source else {
                try? file.dequantize(tensor: info, rows: range, into: UnsafeMutableBufferPointer(start: target, count: range.count * rowLength))
                return
            }
            for (k, row) in range.enumerated() {
                let from = source[row]
                try? file.dequantize(tensor: info, rows: from..<(from + 1),
                                     into: UnsafeMutableBufferPointer(start: target + k * rowLength, count: rowLength))
            }
        }
    }

    /// For a permuted query or key tensor, the stored row of each Hugging Face row; `nil` when
    /// rows are stored in order.
    private func sourceRows(_ name: String, info: GGUFTensorInfo, rows: Int) throws(RuntimeError) -> [Int]? {
        let isQuery = name.hasSuffix("q_proj.weight") || name.hasSuffix("q_proj.bias")
        let isKey = name.hasSuffix("k_proj.weight") || name.hasSuffix("k_proj.bias")
        guard permutedQueryKey, isQuery || isKey else { return nil }
        let groups = isQuery ? heads : kvHeads
        guard groups > 0, rows % (2 * groups) == 0 else {
            throw .file(path: file.path, problem: "tensor \(info.name) has \(rows) rows, not a whole number of \(groups) rotary heads")
        }
        let d = rows / groups
        var source = [Int](repeating: 0, count: rows)
        for h in 0..<groups {
            for i in 0..<(d / 2) {
                for j in 0..<2 { source[h * d + j * (d / 2) + i] = h * d + 2 * i + j }
            }
        }
        return source
    }

    /// The whole tensor as floats (dequantized), query and key rows in Hugging Face's order.
    func weights(_ name: String, shape: [Int]) throws(RuntimeError) -> FloatBuffer {
        let info = try locate(name, shape: shape)
        let stored = try file.weights(info.name, shape: shape)
        guard let source = try sourceRows(name, info: info, rows: shape[0]) else { return stored }
        let rowLength = shape.count > 1 ? shape[1] : 1
        return FloatBuffer(count: stored.count) { target in
            for (row, from) in source.enumerated() {
                (target + row * rowLength).update(from: stored.base + from * rowLength, count: rowLength)
            }
        }
    }
}
