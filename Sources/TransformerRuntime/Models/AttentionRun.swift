import Attention

/// The result of running a model on a text: its tokens, the attention of every layer and head,
/// and (when requested) the query and key vectors behind it.
///
/// ```swift
/// let run = try model.run(text: "Hello world", pair: "Bye")
/// let data = try run.data           // AttentionData for the renderers, pairSplit set
/// let q = run.query(layer: 0, head: 3, token: 1)
/// ```
public struct AttentionRun: Sendable {
    /// The tokenised input.
    public var encoding: Encoding
    /// Attention probabilities `[layers, heads, seq, seq]`; row = query token, column = key token.
    public var attention: AttentionTensor
    /// Query vectors `[layers, heads, seq, headSize]` (projection output, before scaling), if captured.
    public var queries: [Float]?
    /// Key vectors `[layers, heads, seq, headSize]`, if captured.
    public var keys: [Float]?
    /// Width of one head's query and key vectors.
    public var headSize: Int

    /// The attention labelled with display tokens, the second text's start as `pairSplit`.
    public var data: AttentionData {
        get throws(AttentionError) {
            let tokens = Tokens(encoding.displayTokens)
            return try AttentionData(tensor: attention, queryTokens: tokens, keyTokens: tokens, pairSplit: encoding.pairStart)
        }
    }

    /// The query vector of one token in one head, if captured.
    public func query(layer: Int, head: Int, token: Int) -> ArraySlice<Float>? { slice(queries, layer, head, token) }

    /// The key vector of one token in one head, if captured.
    public func key(layer: Int, head: Int, token: Int) -> ArraySlice<Float>? { slice(keys, layer, head, token) }

    private func slice(_ values: [Float]?, _ layer: Int, _ head: Int, _ token: Int) -> ArraySlice<Float>? {
        guard let values else { return nil }
        let shape = attention.shape
        guard (0..<shape.layers).contains(layer), (0..<shape.heads).contains(head), (0..<shape.queries).contains(token) else { return nil }
        let start = ((layer * shape.heads + head) * shape.queries + token) * headSize
        return values[start..<(start + headSize)]
    }
}
