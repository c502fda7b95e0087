/// Everything that can go wrong in the `Attention` module, each case saying what and where.
///
/// ```swift
/// do { _ = try tensor.matrix(layer: 9, head: 0) }
/// catch let error as AttentionError { print(error) } // "layer 9 is out of range 0..<6"
/// ```
public enum AttentionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A tensor with a zero-sized dimension.
    case empty(shape: TensorShape)
    /// A shape that does not fit the data or another shape.
    case shapeMismatch(String)
    /// An index (layer, head, query, key) outside its dimension.
    case indexOutOfRange(axis: String, index: Int, count: Int)
    /// A NaN or infinite value at the given position.
    case nonFinite(value: Float, layer: Int, head: Int, query: Int, key: Int)
    /// Token labels whose count does not match the tensor.
    case tokenCountMismatch(axis: String, tokens: Int, expected: Int)
    /// An operation whose parameters make no sense (window 0, negative power, ...).
    case invalidParameter(String)
    /// A file that could not be opened or mapped.
    case fileAccess(path: String, reason: String)
    /// A matrix selection whose parts contradict each other (rollout with one head, ...).
    case selectionConflict(MatrixSelection.Conflict)

    public var description: String {
        switch self {
        case .empty(let shape):
            return "empty tensor of shape \(shape)"
        case .shapeMismatch(let message):
            return "shape mismatch: \(message)"
        case .indexOutOfRange(let axis, let index, let count):
            return "\(axis) \(index) is out of range 0..<\(count)"
        case .nonFinite(let value, let layer, let head, let query, let key):
            return "non-finite value \(value) at layer \(layer), head \(head), query \(query), key \(key)"
        case .tokenCountMismatch(let axis, let tokens, let expected):
            return "\(tokens) \(axis) tokens given but the tensor has \(expected) \(axis == "query" ? "queries" : axis + "s")"
        case .invalidParameter(let message):
            return message
        case .fileAccess(let path, let reason):
            return "\(path): \(reason)"
        case .selectionConflict(let conflict):
            return conflict.description
        }
    }
}
