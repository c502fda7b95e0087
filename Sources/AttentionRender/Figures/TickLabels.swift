import AttentionText
/// Which tick labels an axis shows, as seaborn's `xticklabels` / `yticklabels`.
///
/// ```swift
/// try TickLabels(parsing: "auto")    // as many as fit without overlapping
/// try TickLabels(parsing: "4")       // every 4th (more sparsely if they would overlap)
/// ```
public enum TickLabels: Hashable, Sendable {
    /// As many as fit without overlapping, evenly thinned.
    case auto
    /// Every label; if they cannot fit even rotated, thinned anyway (with a note).
    case all
    /// No labels.
    case none
    /// Every n-th label (a multiple of n when that many would overlap).
    case every(Int)

    /// Parses `auto`, `all`, `none` or a positive integer n.
    public init(parsing text: String) throws(RenderError) {
        switch text.lowercased() {
        case "auto": self = .auto
        case "all", "true": self = .all
        case "none", "false": self = .none
        default:
            guard let n = Int(text), n > 0 else {
                throw .invalidOption("tick labels '\(text)' is not auto, all, none or a positive number")
            }
            self = n == 1 ? .all : .every(n)
        }
    }
}
