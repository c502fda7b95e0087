import ArgumentParser
import TransformerRuntime

/// `attnviz run --quantized-weights automatic|float32|quantized`.
extension QuantizedWeights: ExpressibleByArgument {}
