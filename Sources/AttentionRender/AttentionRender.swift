import Attention
import CCairo

/// Figures (heatmaps, head grids, text heat) drawn through a small `Canvas` onto Cairo.
public enum AttentionRender {}
