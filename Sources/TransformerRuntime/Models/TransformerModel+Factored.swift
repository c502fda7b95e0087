extension TransformerModel {
    /// Whether this model can keep a run as queries and keys (`keep: .queriesAndKeys`): every
    /// decoder (GPT-2 and the Llama family) whose layers share one attention scale. Encoders
    /// answer `false`: their runs stay short enough for their weights.
    ///
    /// ```swift
    /// let model = try TransformerModel(directory: "SmolLM2-135M-Instruct.gguf")
    /// model.keepsQueriesAndKeys   // true
    /// ```
    public var keepsQueriesAndKeys: Bool {
        guard config.architecture.isCausal else { return false }
        return (try? factoredAttentionParameters()) != nil
    }
}
