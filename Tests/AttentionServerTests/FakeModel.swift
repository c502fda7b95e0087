import Attention
import AttentionServer
import Foundation

/// A deterministic stand-in model: tokens are `[CLS]`, the lowercased words, `[SEP]` (then the
/// pair's words and `[SEP]`), and weight(l, h, i, j) ∝ 1 + (i + 2j + l + h) mod 4, each row
/// normalised. A `Gate` can hold every forward pass until the test opens it.
struct FakeModel: AttentionComputing {
    let layers = 2
    let heads = 3
    let gate: Gate?

    init(gate: Gate? = nil) { self.gate = gate }

    var model: ModelDescription {
        ModelDescription(name: "fake", architecture: "bert", layers: layers, heads: heads, maxTokens: 64, vocabularySize: 100, acceptsPairs: true)
    }

    static func tokens(text: String, pair: String?) -> [String] {
        var tokens = ["[CLS]"] + text.lowercased().split(separator: " ").map(String.init) + ["[SEP]"]
        if let pair { tokens += pair.lowercased().split(separator: " ").map(String.init) + ["[SEP]"] }
        return tokens
    }

    static func weight(layer l: Int, head h: Int, query i: Int, key j: Int, count n: Int) -> Float {
        let raw = { (k: Int) in Float(1 + (i + 2 * k + l + h) % 4) }
        let total = (0..<n).reduce(Float(0)) { $0 + raw($1) }
        return raw(j) / total
    }

    func attention(text: String, pair: String?) throws(AttentionComputingError) -> ModelAttention {
        gate?.pass()
        let tokens = Self.tokens(text: text, pair: pair)
        let n = tokens.count
        if n > model.maxTokens { throw .invalidInput("text has \(n) tokens; fake takes at most \(model.maxTokens)") }
        var values = [Float]()
        for l in 0..<layers { for h in 0..<heads { for i in 0..<n { for j in 0..<n {
            values.append(Self.weight(layer: l, head: h, query: i, key: j, count: n))
        } } } }
        do {
            let tensor = try AttentionTensor(shape: [layers, heads, n, n], values: values)
            let split = pair == nil ? nil : text.split(separator: " ").count + 2
            return ModelAttention(data: try AttentionData(tensor: tensor, queryTokens: Tokens(tokens), keyTokens: Tokens(tokens), pairSplit: split))
        } catch {
            throw .failed("\(error)")
        }
    }
}

/// Blocks callers of `pass()` until `open()`; counts how many are blocked.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    private(set) var blocked = 0

    func pass() {
        condition.lock()
        blocked += 1
        while !isOpen { condition.wait() }
        blocked -= 1
        condition.unlock()
    }

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A real model whose forward passes wait at a `Gate`: before the pass (a run slower than the
/// request's time limit), or after `afterLayers` layers (a run seen half done).
struct GatedModel: AttentionComputing {
    let base: any AttentionComputing
    let gate: Gate
    var afterLayers = 0

    var model: ModelDescription { base.model }
    var keepsQueriesAndKeys: Bool { base.keepsQueriesAndKeys }

    func attention(text: String, pair: String?) throws(AttentionComputingError) -> ModelAttention {
        gate.pass()
        return try base.attention(text: text, pair: pair)
    }

    func attention(
        text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(AttentionComputingError) -> ModelAttention {
        if afterLayers == 0 { gate.pass() }
        let gate = self.gate, afterLayers = self.afterLayers
        return try base.attention(text: text, pair: pair, denseMaxTokens: denseMaxTokens, maxRunTokens: maxRunTokens) { done, layers in
            progress?(done, layers)
            if done == afterLayers { gate.pass() }
        }
    }

    func plan(text: String, pair: String?, denseMaxTokens: Int, maxRunTokens: Int) throws(AttentionComputingError) -> RunPlan {
        try base.plan(text: text, pair: pair, denseMaxTokens: denseMaxTokens, maxRunTokens: maxRunTokens)
    }
}
