import ArgumentParser
import AttentionFormats
import TransformerRuntime

/// `attnviz run --quantized-weights automatic|float32|quantized`.
extension QuantizedWeights: ExpressibleByArgument {}

extension KeptAttention: ExpressibleByArgument {}
extension FactoredSafetensors.Precision: ExpressibleByArgument {}
