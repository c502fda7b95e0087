/// What a model run knows about its heads and tokens beyond the weights, for the explorer to
/// show: how query heads share key/value heads, the raw bytes of tokens that hold only part of
/// a character, and the text behind tokens the vocabulary does not know (`[UNK]`).
///
/// ```swift
/// var payload = try ExplorerPayload(data: data)
/// payload.annotate(RunAnnotations(unknownSources: ["", "", "🙂", ""]))
/// ```
public struct RunAnnotations: Sendable, Equatable {
    /// Query heads sharing one key/value head (grouped-query attention); `nil` without grouping.
    public var kvGroupSize: Int?
    /// Per token, the hex bytes (`e6 ad`) of a token that holds part of a character, else `""`.
    public var partialBytes: [String]?
    /// Per token, the input text a token unknown to the vocabulary stands for, else `""`.
    public var unknownSources: [String]?

    /// Annotations; every part is optional.
    public init(kvGroupSize: Int? = nil, partialBytes: [String]? = nil, unknownSources: [String]? = nil) {
        self.kvGroupSize = kvGroupSize
        self.partialBytes = partialBytes
        self.unknownSources = unknownSources
    }

    /// No annotations.
    public static let none = RunAnnotations()

    /// `list` when it has one entry per token of a square attention (`queries == keys`) and some
    /// entry is not empty, else `nil`: what a payload or run description keeps of a per-token
    /// list rather than mislabel anything.
    static func fitting(_ list: [String], queries: Int, keys: Int) -> [String]? {
        queries == keys && keys > 0 && list.count == keys && list.contains { !$0.isEmpty } ? list : nil
    }
}
