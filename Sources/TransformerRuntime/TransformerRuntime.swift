import Attention
import AttentionFormats

/// Forward passes of BERT- and GPT-2-style models that capture attention.
public enum TransformerRuntime {}
