/// Text generation with a Llama-family model: the prompt runs once through the batched forward
/// pass (filling a `KVCache`), then each new token costs one cached step. Stops after
/// `maxNewTokens` or at the end-of-sequence token.
///
/// ```swift
/// var sampler = TokenSampler(temperature: 0, seed: 0)      // greedy
/// let ids = try model.generate(prompt, maxNewTokens: 20, sampler: &sampler) { id in
///     print(model.tokenizer.decode([id]), terminator: "")
/// }
/// let run = try model.run(model.tokenizer.encoding(ids: ids))   // attention over prompt + generated
/// ```
extension TransformerModel {
    /// The prompt's ids followed by the generated ones; `onToken` sees each new id as it comes.
    public func generate(
        _ prompt: Encoding, maxNewTokens: Int, sampler: inout TokenSampler, stopAt endOfSequence: Int? = nil,
        onToken: (Int) -> Void = { _ in }
    ) throws(RuntimeError) -> [Int] {
        guard case .llama(let decoder) = network else {
            throw .file(path: directory, problem: "generation needs a Llama-family decoder (llama, mistral, qwen2), not \(config.architecture.rawValue)")
        }
        guard prompt.count > 0 else { throw .emptyText }
        let capacity = prompt.count + max(0, maxNewTokens)
        guard capacity <= maxTokens else { throw .tooLong(tokens: capacity, maximum: maxTokens) }
        let head = try decoder.outputHead()
        var cache: KVCache? = KVCache(layers: config.layers, width: config.kvHeads * config.headSize, capacity: capacity)
        var scratch = ForwardCapture(layers: config.layers, heads: config.heads, sequence: prompt.count,
                                     headSize: config.headSize, queryKey: false, keepsEveryLayer: false)
        var hidden = decoder.forward(ids: prompt.ids, capture: &scratch, cache: &cache, progress: nil)
        guard var filled = cache else { return prompt.ids }
        let rope = RotaryEmbedding(config: config, sequence: capacity)
        var ids = prompt.ids
        for _ in 0..<max(0, maxNewTokens) {
            let next = sampler.next(decoder.logits(hidden, head: head))
            ids.append(next)
            onToken(next)
            if next == endOfSequence || ids.count == capacity { break }
            hidden = decoder.step(token: next, position: ids.count - 1, cache: &filled, rope: rope)
        }
        return ids
    }
}
