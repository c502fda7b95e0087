import Testing
import TestSupport
import Attention
@testable import attnviz

/// `--layer/--head/--heads/--layers/--rollout` parse into the right `MatrixSelection` and pick
/// the right matrix.
@Suite(.hangGuard) struct SelectionOptionsTests {
    /// A [2, 3, 2, 2] tensor whose element at [l, h, q, k] is 1000l + 100h + 10q + k.
    static let data: AttentionData = {
        var values = [Float]()
        for l in 0..<2 { for h in 0..<3 { for q in 0..<2 { for k in 0..<2 { values.append(Float(1000 * l + 100 * h + 10 * q + k)) } } } }
        return try! AttentionData(tensor: AttentionTensor(shape: [2, 3, 2, 2], values: values))
    }()

    @Test func defaultsToLayerZeroHeadZero() throws {
        let map = try SelectionOptions.parse([]).map(from: Self.data)
        #expect(map.matrix.values == [0, 1, 10, 11])
    }

    @Test func negativeIndicesCountFromTheEnd() throws {
        let map = try SelectionOptions.parse(["--layer", "-1", "--head", "-2"]).map(from: Self.data)
        #expect(map.matrix.values == [1100, 1101, 1110, 1111])
    }

    @Test func reductionsOverHeadsAndLayers() throws {
        let meanHeads = try SelectionOptions.parse(["--layer", "1", "--heads", "mean"]).map(from: Self.data)
        #expect(meanHeads.matrix.values == [1100, 1101, 1110, 1111])
        let maxLayers = try SelectionOptions.parse(["--layers", "max", "--head", "2"]).map(from: Self.data)
        #expect(maxLayers.matrix.values == [1200, 1201, 1210, 1211])
        let minBoth = try SelectionOptions.parse(["--layers", "min", "--heads", "min"]).map(from: Self.data)
        #expect(minBoth.matrix.values == [0, 1, 10, 11])
    }

    @Test func rolloutSelectsRollout() throws {
        let options = try SelectionOptions.parse(["--rollout"])
        #expect(options.selection == MatrixSelection(layer: .index(-1), head: .reduce(.mean), rollout: true))
        let upTo = try SelectionOptions.parse(["--rollout", "--layer", "0"])
        #expect(upTo.selection.layer == .index(0))
    }

    @Test func conflictingOptionsAreRejected() {
        for arguments in [["--layer", "0", "--layers", "mean"], ["--head", "1", "--heads", "max"], ["--rollout", "--head", "0"],
                          ["--rollout", "--layers", "max"], ["--heads", "median"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try SelectionOptions.parse(arguments) }
        }
    }

    @Test func outOfRangeNamesTheOption() throws {
        let error = try #require(throws: CLIFailure.self) { try SelectionOptions.parse(["--layer", "5"]).map(from: Self.data) }
        #expect(error.userMessage == "--layer 5: out of range, the tensor has 2 layers (0..<2, or -2..<0 from the end)")
    }
}

@Suite(.hangGuard) struct SliceOptionsTests {
    static let data: AttentionData = {
        let values = (0..<16).map(Float.init)
        return try! AttentionData(tensor: AttentionTensor(shape: [4, 4], values: values), queryTokens: ["a", "b", "c", "d"])
    }()

    @Test func slicesRowsAndColumnsWithTheirLabels() throws {
        let map = try SelectionOptions.parse(["--queries", "1:3", "--keys", "-2:"]).map(from: Self.data)
        #expect(map.matrix.values == [6, 7, 10, 11])
        #expect(map.rowLabels == ["b", "c"])
        #expect(map.columnLabels == ["c", "d"])
    }

    @Test func pythonStyleBounds() {
        #expect(SliceRange(":2")?.resolved(count: 4) == 0..<2)
        #expect(SliceRange("-1:")?.resolved(count: 4) == 3..<4)
        #expect(SliceRange("2:100")?.resolved(count: 4) == 2..<4)
        #expect(SliceRange("3:1")?.resolved(count: 4) == nil)
        #expect(SliceRange("1") == nil)
        #expect(SliceRange("a:b") == nil)
    }

    @Test func emptySelectionIsAnErrorNamingTheOption() throws {
        let error = try #require(throws: CLIFailure.self) { try SelectionOptions.parse(["--queries", "5:"]).map(from: Self.data) }
        #expect(error.userMessage == "--queries 5:: selects nothing of the 4 available (0..<4)")
        #expect(throws: (any Error).self) { try SelectionOptions.parse(["--keys", "x"]) }
    }
}
