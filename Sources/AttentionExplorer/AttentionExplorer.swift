import Attention

/// The self-contained interactive HTML explorer.
public enum AttentionExplorer {}
