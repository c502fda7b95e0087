import Testing
@testable import Attention

@Suite struct TransformTests {
    let goldens: TransformGoldens
    init() throws { goldens = try TransformGoldens.load() }

    @Test func reducesOverHeadsLikeNumpy() throws {
        let t = try goldens.attention()
        for (reduction, key) in [(Reduction.mean, "headsMean"), (.max, "headsMax"), (.min, "headsMin")] {
            let reduced = try t.reduced(overHeads: reduction)
            #expect(reduced.shape == TensorShape(layers: 3, heads: 1, queries: 6, keys: 6))
            #expect(close(reduced.allValues(), goldens.values(key)), "\(key)")
        }
    }

    @Test func reducesOverLayersLikeNumpy() throws {
        let t = try goldens.attention()
        for (reduction, key) in [(Reduction.mean, "layersMean"), (.max, "layersMax"), (.min, "layersMin")] {
            let reduced = try t.reduced(overLayers: reduction)
            #expect(reduced.shape == TensorShape(layers: 1, heads: 4, queries: 6, keys: 6))
            #expect(close(reduced.allValues(), goldens.values(key)), "\(key)")
        }
    }

    @Test func selectsRangesLikeNumpySlicing() throws {
        let t = try goldens.attention()
        let s = try t.selecting(layers: 1..<3, heads: 0..<2, queries: 1..<4, keys: 2..<6)
        #expect(s.shape == TensorShape(layers: 2, heads: 2, queries: 3, keys: 4))
        // Slicing copies values: exactly the float32 inputs.
        #expect(s.allValues() == goldens.values("selection_1_3_0_2_1_4_2_6").map(Float.init))
        #expect(throws: AttentionError.self) { try t.selecting(layers: 2..<4) }
    }

    @Test func selectingDataCutsTokensToo() throws {
        let t = try goldens.attention()
        let tokens = Tokens(["a", "b", "c", "d", "e", "f"])
        let data = try AttentionData(tensor: t, queryTokens: tokens, keyTokens: tokens)
        let cut = try data.selecting(queries: 1..<3, keys: 4..<6)
        #expect(cut.queryTokens == ["b", "c"])
        #expect(cut.keyTokens == ["e", "f"])
    }

    @Test func rowNormalisationMatchesNumpyAndKeepsZeroRows() throws {
        let t = try goldens.cross()
        let n = try t.rowNormalized()
        #expect(close(n.allValues(), goldens.values("crossRowNormalized")))
        let zeroRow = try n.matrix(layer: 0, head: 1).row(2)
        #expect(zeroRow.allSatisfy { $0 == 0 })
        // Every row that had weight now sums to 1; the all-zero rows stay all zero.
        let before = try t.matrix(layer: 1, head: 0).rowSums
        let after = try n.matrix(layer: 1, head: 0).rowSums
        #expect(before.contains(0))
        for (b, a) in zip(before, after) { #expect(b == 0 ? a == 0 : abs(a - 1) < 1e-6) }
    }

    @Test func rolloutMatchesNumpy() throws {
        let t = try goldens.attention()
        #expect(close(try t.rollout().values, goldens.values("rolloutAll")))
        #expect(close(try t.rollout(layers: 0..<2).values, goldens.values("rolloutFirstTwo")))
        // Rollout rows stay distributions.
        #expect(try t.rollout().rowsSumToOne(tolerance: 1e-5))
        let cross = try goldens.cross()
        #expect(throws: AttentionError.self) { try cross.rollout() }
    }

    @Test func matrixSelectionCombinesChoices() throws {
        let t = try goldens.attention()
        let data = try AttentionData(tensor: t)
        let last = try MatrixSelection(layer: .index(-1), head: .index(-1)).matrix(from: t)
        #expect(last == (try t.matrix(layer: 2, head: 3)))
        let both = try MatrixSelection(layer: .reduce(.mean), head: .reduce(.max)).matrix(from: t)
        #expect(close(both.values, goldens.values("meanOfLayerMaxOfHeads")))
        let rollout = try MatrixSelection(layer: .index(1), head: .reduce(.mean), rollout: true).matrix(from: t)
        #expect(close(rollout.values, goldens.values("rolloutFirstTwo")))
        let map = try MatrixSelection().map(from: data)
        #expect(map.rowLabels == Tokens.indices(6))
        #expect(throws: AttentionError.indexOutOfRange(axis: "layer", index: 3, count: 3)) {
            try MatrixSelection(layer: .index(3)).matrix(from: t)
        }
        #expect(throws: AttentionError.selectionConflict(.headWithRollout)) { try MatrixSelection(head: .index(0), rollout: true).matrix(from: t) }
        #expect(throws: AttentionError.selectionConflict(.layerReductionWithRollout(.max))) {
            try MatrixSelection(layer: .reduce(.max), head: .reduce(.mean), rollout: true).matrix(from: t)
        }
    }
}
