import Attention
import AttentionFormats
import COpenBLAS

/// Forward passes of BERT- and GPT-2-style models that capture attention.
public enum TransformerRuntime {}
