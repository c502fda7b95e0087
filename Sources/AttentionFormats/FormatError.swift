import Attention

/// What is wrong with one file, printed by the CLI as `attnviz: FILE: problem`.
///
/// Match it by case, never by its text: the case says what went wrong, the associated values
/// where. Front ends add their own hints (the CLI names its flags, the server its API fields).
///
/// ```swift
/// do { _ = try AttentionFile.read(path: "a.npy") }
/// catch .truncated(let path, let detail) { print("\(path) is cut short: \(detail)") }
/// catch { print(error) }   // "a.npy: unsupported dtype '<i8' (supported: float16, float32, float64)"
/// ```
public enum FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened, mapped or read (`reason` is the system's, e.g. "No such file
    /// or directory").
    case unreadable(path: String, reason: String)
    /// The file could not be written.
    case unwritable(path: String, reason: String)
    /// A file of zero bytes.
    case emptyFile(path: String)
    /// A file that parses but holds no values (`detail` says which part is empty).
    case emptyTensor(path: String, detail: String)
    /// Fewer bytes than the file's own header or structure declares.
    case truncated(path: String, detail: String)
    /// A header length over the reader's limit.
    case oversizedHeader(path: String, bytes: UInt64, limit: Int)
    /// A file, shape or value count over a size or memory limit.
    case tooLarge(path: String, detail: String)
    /// A stored element type attnviz does not decode; `dtype` is as the file spells it (quoted
    /// for NumPy descriptors), `nil` when it has none (structured arrays).
    case unsupportedDType(path: String, dtype: String?, detail: String)
    /// Rows or nested arrays of different lengths.
    case ragged(path: String, detail: String)
    /// A NaN or infinity where none is allowed.
    case nonFinite(path: String, value: Float, layer: Int, head: Int, query: Int, key: Int)
    /// JSON that does not parse.
    case invalidJSON(path: String, JSONParser.SyntaxError)
    /// Content that is none of the formats attnviz reads.
    case unknownFormat(path: String)
    /// An `.npz` or safetensors file with several tensors and none chosen.
    case ambiguousTensor(path: String, candidates: [String])
    /// A tensor name given for a format that holds a single matrix.
    case tensorNameNotApplicable(path: String, format: AttentionFileFormat)
    /// A requested array or tensor the file does not hold; `available` lists what it does.
    case noSuchTensor(path: String, name: String, available: [String], inArchive: Bool)
    /// A problem inside one member of an `.npz` archive.
    indirect case member(name: String, FormatError)
    /// A problem the `Attention` module found in what the file holds (shape, token count).
    case attention(path: String, AttentionError)
    /// Anything else wrong with the content, said in one line.
    case malformed(path: String, problem: String)

    /// Files an `AttentionError` raised while handling `path` under the case that says what it
    /// is: an unopenable file, an empty tensor, a NaN, or the error itself.
    public init(path: String, _ error: AttentionError) {
        switch error {
        case .fileAccess(_, let reason):
            self = .unreadable(path: path, reason: reason)
        case .nonFinite(let value, let layer, let head, let query, let key):
            self = .nonFinite(path: path, value: value, layer: layer, head: head, query: query, key: key)
        default:
            self = .attention(path: path, error)
        }
    }

    /// The file concerned.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .unwritable(let path, _), .emptyFile(let path), .emptyTensor(let path, _),
             .truncated(let path, _), .oversizedHeader(let path, _, _), .tooLarge(let path, _),
             .unsupportedDType(let path, _, _), .ragged(let path, _), .nonFinite(let path, _, _, _, _, _),
             .invalidJSON(let path, _), .unknownFormat(let path), .ambiguousTensor(let path, _),
             .tensorNameNotApplicable(let path, _), .noSuchTensor(let path, _, _, _), .attention(let path, _),
             .malformed(let path, _):
            return path
        case .member(_, let inner):
            return inner.path
        }
    }

    /// What is wrong, one line, without the file name.
    public var problem: String {
        switch self {
        case .unreadable(_, let reason):
            return reason
        case .unwritable(_, let reason):
            return "cannot write: \(reason)"
        case .emptyFile:
            return "empty file"
        case .emptyTensor(_, let detail):
            return "empty tensor: \(detail)"
        case .truncated(_, let detail):
            return "truncated: \(detail)"
        case .oversizedHeader(_, let bytes, let limit):
            return "header of \(bytes) bytes is larger than the \(limit)-byte limit"
        case .tooLarge(_, let detail), .ragged(_, let detail), .malformed(_, let detail):
            return detail
        case .unsupportedDType(_, let dtype, let detail):
            return dtype.map { "unsupported dtype \($0) \(detail)" } ?? "unsupported dtype: \(detail)"
        case .nonFinite(_, let value, let layer, let head, let query, let key):
            return AttentionError.nonFinite(value: value, layer: layer, head: head, query: query, key: key).description
        case .invalidJSON(_, let error):
            return error.description
        case .unknownFormat:
            return "unknown format: not JSON, CSV/TSV, .npy, .npz or safetensors"
        case .ambiguousTensor(_, let candidates):
            return "holds \(candidates.count) tensors (\(SafetensorsFile.list(candidates)))"
        case .tensorNameNotApplicable(_, let format):
            return "a tensor name applies to .npz and safetensors files, not \(format.rawValue)"
        case .noSuchTensor(_, let name, let available, let inArchive):
            return inArchive
                ? "no array named \"\(name)\"; the archive has \(SafetensorsFile.list(available))"
                : "no tensor named \"\(name)\"; the file has \(SafetensorsFile.list(available))"
        case .member(let name, let inner):
            return "member \"\(name)\": \(inner.problem)"
        case .attention(_, let error):
            return error.description
        }
    }

    public var description: String { "\(path): \(problem)" }
}
