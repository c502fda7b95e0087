import Attention

/// Readers and writers for attention files.
public enum AttentionFormats {}
