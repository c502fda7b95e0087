/// Which single matrix of a tensor to show: one layer or a combination of layers, one head or
/// a combination of heads, or the attention rollout. Front ends (the command line's layer and
/// head options, the server, the explorer) map their choices onto this.
///
/// ```swift
/// let pick = MatrixSelection(layer: .index(-1), head: .reduce(.mean))   // last layer, mean of heads
/// let map = try pick.map(from: data)                                     // AttentionMap with labels
/// ```
public struct MatrixSelection: Sendable, Equatable {
    /// One index (negative counts from the end, `-1` is the last) or a reduction over the axis.
    public enum Choice: Sendable, Equatable {
        case index(Int)
        case reduce(Reduction)
    }

    /// Choices that cannot go together.
    public enum Conflict: Sendable, Equatable, CustomStringConvertible {
        /// Rollout with one head chosen: rollout averages every head.
        case headWithRollout
        /// Rollout with layers reduced other than by their mean: rollout multiplies layers.
        case layerReductionWithRollout(Reduction)

        public var description: String {
            switch self {
            case .headWithRollout: return "rollout averages all heads; one head cannot be chosen"
            case .layerReductionWithRollout(let reduction): return "rollout multiplies layers; a \(reduction.rawValue) of layers does not apply"
            }
        }
    }

    /// The layer choice; ignored by rollout except that `.index(n)` rolls out layers `0...n`.
    public var layer: Choice
    /// The head choice; rollout always averages heads.
    public var head: Choice
    /// Whether to compute attention rollout instead of picking one layer.
    public var rollout: Bool

    /// Creates a selection; the default is layer 0, head 0.
    public init(layer: Choice = .index(0), head: Choice = .index(0), rollout: Bool = false) {
        self.layer = layer
        self.head = head
        self.rollout = rollout
    }

    /// The selected matrix with the data's query and key labels. Reads only the heads it needs.
    public func matrix(from tensor: AttentionTensor) throws(AttentionError) -> AttentionMatrix {
        let shape = tensor.shape
        if shape.isEmpty { throw .empty(shape: shape) }
        if rollout {
            if case .index = head, shape.heads > 1 {
                throw .selectionConflict(.headWithRollout)
            }
            switch layer {
            case .index(let raw):
                let last = try Self.resolve(raw, axis: "layer", count: shape.layers)
                return try tensor.rollout(layers: 0..<(last + 1))
            case .reduce(.mean):
                return try tensor.rollout()
            case .reduce(let other):
                throw .selectionConflict(.layerReductionWithRollout(other))
            }
        }
        switch (layer, head) {
        case (.index(let l), .index(let h)):
            return try tensor.matrix(layer: Self.resolve(l, axis: "layer", count: shape.layers),
                                     head: Self.resolve(h, axis: "head", count: shape.heads))
        case (.index(let l), .reduce(let r)):
            return try tensor.reducedHeads(layer: Self.resolve(l, axis: "layer", count: shape.layers), r)
        case (.reduce(let r), .index(let h)):
            return try tensor.reducedLayers(head: Self.resolve(h, axis: "head", count: shape.heads), r)
        case (.reduce(let layerReduction), .reduce(let headReduction)):
            var accumulator = Reduction.Accumulator(layerReduction)
            for l in 0..<shape.layers { try accumulator.add(tensor.reducedHeads(layer: l, headReduction)) }
            return try accumulator.result()
        }
    }

    /// The selected matrix as a labelled map.
    public func map(from data: AttentionData) throws(AttentionError) -> AttentionMap {
        try AttentionMap(matrix: matrix(from: data.tensor), rowLabels: data.queryLabels, columnLabels: data.keyLabels)
    }

    /// Resolves a possibly negative index against `count`.
    public static func resolve(_ index: Int, axis: String, count: Int) throws(AttentionError) -> Int {
        let resolved = index < 0 ? count + index : index
        guard (0..<count).contains(resolved) else { throw .indexOutOfRange(axis: axis, index: index, count: count) }
        return resolved
    }
}
