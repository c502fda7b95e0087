import Attention
import AttentionText

/// Cells a heatmap leaves empty, as seaborn's `mask` (true = hidden). Hidden cells are not
/// drawn, not annotated and do not count towards the colour range.
///
/// ```swift
/// HeatmapMask.causal.hides(row: 0, column: 1)   // true: a causal model cannot see the future
/// try HeatmapMask(parsing: "upper")              // np.triu: diagonal and above hidden
/// ```
public enum HeatmapMask: Sendable, Hashable {
    /// Nothing hidden.
    case none
    /// The diagonal and everything above it (`np.triu(ones)`, seaborn's usual idiom).
    case upper
    /// The diagonal and everything below it (`np.tril(ones)`).
    case lower
    /// Everything above the diagonal: keys after the query (`np.triu(ones, k=1)`).
    case causal
    /// An explicit boolean matrix, row-major.
    case cells(rows: Int, columns: Int, hidden: [Bool])

    /// Parses `none`, `upper`, `lower` or `causal`.
    public init(parsing text: String) throws(RenderError) {
        switch text.lowercased() {
        case "none": self = .none
        case "upper": self = .upper
        case "lower": self = .lower
        case "causal": self = .causal
        default: throw .invalidOption("mask '\(text)' is not upper, lower, causal or a file")
        }
    }

    /// A mask hiding every cell whose value in `matrix` is non-zero (NaN hides too).
    public init(hidingNonZeroOf matrix: AttentionMatrix) {
        self = .cells(rows: matrix.rows, columns: matrix.columns, hidden: matrix.values.map { $0 != 0 })
    }

    /// Whether cell (`row`, `column`) is hidden.
    @inlinable
    public func hides(row: Int, column: Int) -> Bool {
        switch self {
        case .none: return false
        case .upper: return column >= row
        case .lower: return column <= row
        case .causal: return column > row
        case .cells(_, let columns, let hidden): return hidden[row * columns + column]
        }
    }

    /// Checks an explicit mask has the matrix's shape.
    public func check(rows: Int, columns: Int) throws(RenderError) {
        if case .cells(let r, let c, _) = self, r != rows || c != columns {
            throw .invalidOption("mask is \(r)x\(c) but the matrix is \(rows)x\(columns)")
        }
    }

    public var isNone: Bool { self == .none }

    /// `matrix` with every hidden cell set to NaN (drawn as nothing, left out of pooling and of
    /// the colour range): the one place figures and the terminal hide cells.
    public func applied(to matrix: AttentionMatrix) -> AttentionMatrix {
        guard !isNone else { return matrix }
        var masked = matrix
        for row in 0..<masked.rows {
            for column in 0..<masked.columns where hides(row: row, column: column) { masked[row, column] = .nan }
        }
        return masked
    }

    /// Whether no cell of a `rows x columns` matrix would be drawn.
    public func hidesEverything(rows: Int, columns: Int) -> Bool {
        switch self {
        case .none: return false
        case .upper, .lower: return rows == 1 && columns == 1
        case .causal: return false
        case .cells(_, _, let hidden): return !hidden.contains(false)
        }
    }
}
