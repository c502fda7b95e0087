import Attention
import AttentionExplorer
import Foundation
import TransformerRuntime

/// One attention run the server answers tiles for: its data (a file's, memory-mapped where the
/// reader maps it), its title, and the tile engine over it.
///
/// ```swift
/// let data = try AttentionFile.read(path: "run.safetensors")
/// let run = try ServedRun(id: "file", title: "run.safetensors", data: data)
/// ```
public struct ServedRun: Sendable {
    /// The id in `/api/runs/{id}`: 1-64 characters of `A-Z a-z 0-9 - _`.
    public let id: String
    /// What the page shows as the run's name.
    public let title: String
    /// The attention and its tokens.
    public let data: AttentionData
    /// Tiles, summaries, rows, columns and top keys of every head.
    public let engine: TileEngine
    /// What the model run knew about its tokens (partial characters' bytes, unknown tokens'
    /// text), shown in the page's tooltips as for dense payloads.
    public let annotations: RunAnnotations

    /// Creates a run; its sink columns are key 0 and the special tokens among its key tokens.
    /// `threads` computations share each request's work.
    public init(id: String, title: String, data: AttentionData, annotations: RunAnnotations = .none, threads: Int = 1) throws(TileError) {
        guard Self.isValidID(id) else { throw .invalidSetting("run id \(id) must be 1-64 characters of A-Z, a-z, 0-9, - and _") }
        self.id = id
        self.title = title
        self.data = data
        // A file's own token bytes (a run written by `attnviz run`) unless the model run gave them.
        self.annotations = annotations.partialBytes == nil
            ? RunAnnotations(kvGroupSize: annotations.kvGroupSize, partialBytes: data.tokenBytes, unknownSources: annotations.unknownSources)
            : annotations
        self.engine = try TileEngine(tensor: data.tensor, sinkColumns: Set(SinkKeys.firstAndSpecial.columns(in: data.keyLabels)), threads: threads)
    }

    /// Whether `id` is 1-64 characters of `A-Z a-z 0-9 - _`.
    public static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { c in
            (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x2D || c == 0x5F
        }
    }

    /// What `GET /api/runs/{id}` answers.
    var description: RunDescription {
        let factored = data.tensor.factored
        var description = RunDescription(
            id: id, title: title, shape: data.tensor.shape.dimensions,
            tokens: data.queryLabels.strings, keyTokens: data.keyLabels.strings,
            tileSize: engine.grid.size, topLevel: engine.grid.topLevel,
            factored: factored != nil, causal: factored?.parameters.causal ?? false,
            kvGroupSize: factored?.groupSize ?? 1, sinkColumns: engine.sinkColumns,
            generatedFrom: data.generatedFrom)
        description.annotate(annotations)
        return description
    }
}
