import Testing
@testable import Attention

struct TextHeatTests {
    @Test func noteWindowDividesByTwoAtTheEndsAndThreeInside() {
        let weights = [0.1, 0.9, 1, 0.05]
        let smoothed = NgramSmoothing.note.apply(weights)
        #expect(smoothed[0] == (0.0 + 0.1 + 0.9) / 2)
        #expect(smoothed[1] == (0.0 + 0.1 + 0.9 + 1) / 3)
        #expect(smoothed[2] == (0.0 + 0.9 + 1 + 0.05) / 3)
        #expect(smoothed[3] == (0.0 + 1 + 0.05) / 2)
    }

    @Test func otherWindowsAreMeansOfTheExistingNeighbours() throws {
        let five = try NgramSmoothing(window: 5, centre: 2)
        #expect(five.apply([1, 2, 3, 4, 5, 6]) == [2, 2.5, 3, 4, 4.5, 5])
        let forward = try NgramSmoothing(window: 2, centre: 0)
        #expect(forward.apply([2, 4, 8]) == [3, 6, 8])
        #expect(NgramSmoothing.none.apply([0.3, 0.1]) == [0.3, 0.1])
    }

    @Test func rejectsNonsenseWindows() {
        #expect(throws: AttentionError.self) { try NgramSmoothing(window: 0, centre: 0) }
        #expect(throws: AttentionError.self) { try NgramSmoothing(window: 3, centre: 3) }
        #expect(throws: AttentionError.self) { try NgramSmoothing(window: 3, centre: -1) }
    }

    @Test func allEqualWeightsGiveIntensityZero() throws {
        let heat = try TextHeat(texts: ["a b c"], weights: [[0.5, 0.5, 0.5]])
        #expect(heat.examples[0].intensities == [0, 0, 0])
        #expect(heat.examples[0].smoothed == [0.5, 0.5, 0.5])
    }

    @Test func oneTokenGetsIntensityZeroAndKeepsItsWeight() throws {
        let heat = try TextHeat(texts: ["alone"], weights: [[0.4]])
        #expect(heat.examples[0].intensities == [0])
        #expect(heat.examples[0].smoothed == [0.4])
        let raw = try TextHeat(texts: ["alone"], weights: [[0.4]], normalisation: .none)
        #expect(raw.examples[0].intensities == [0.4])
    }

    @Test func countMismatchIsAClearError() {
        #expect(throws: AttentionError.invalidParameter("example 2 has 3 tokens but 2 weights")) {
            try TextHeat(texts: ["a b", "c d e"], weights: [[1, 2], [1, 2]])
        }
        #expect(throws: AttentionError.invalidParameter("example 1 has 1 token but 2 weights")) {
            try TextHeat(texts: ["a"], weights: [[1, 2]])
        }
        #expect(throws: AttentionError.shapeMismatch("2 texts but 1 weight lists")) {
            try TextHeat(texts: ["a", "b"], weights: [[1]])
        }
    }

    @Test func noExamplesIsAnError() {
        #expect(throws: AttentionError.invalidParameter("no examples: give at least one text and its weights")) {
            try TextHeat(texts: [], weights: [])
        }
        #expect(throws: AttentionError.shapeMismatch("example 1 has no tokens")) {
            try TextHeat(tokens: [[]], weights: [[]])
        }
    }

    @Test func nonFiniteWeightsAreRejected() {
        #expect(throws: AttentionError.self) { try TextHeat(texts: ["a b"], weights: [[1, .nan]]) }
        #expect(throws: AttentionError.self) { try TextHeat(texts: ["a b"], weights: [[1, .infinity]]) }
    }

    @Test func globalNormalisationSharesOneRange() throws {
        let heat = try TextHeat(tokens: [["a"], ["b", "c"]], weights: [[1], [2, 5]],
                                smoothing: .none, normalisation: .global)
        #expect(heat.examples[0].intensities == [0])
        #expect(heat.examples[1].intensities == [0.25, 1])
    }

    @Test func noneClampsRawValues() throws {
        let heat = try TextHeat(tokens: [["a", "b", "c"]], weights: [[-1, 0.25, 3]],
                                smoothing: .none, normalisation: .none)
        #expect(heat.examples[0].intensities == [0, 0.25, 1])
    }

    @Test func doubleSpacesGiveEmptyTokensAsTheNote() throws {
        let heat = try TextHeat(texts: ["one  two"], weights: [[1, 0, 2]])
        #expect(heat.examples[0].tokens == ["one", "", "two"])
    }
}

struct SubwordMergingTests {
    @Test func wordPieceJoinsHashPieces() {
        let m = SubwordMerging(style: .wordPiece, combine: .sum)
            .merge(tokens: ["[CLS]", "attn", "##viz", "##es", "rock", "[SEP]"], weights: [0.1, 0.2, 0.3, 0.05, 0.25, 0.1])
        #expect(m.tokens == ["[CLS]", "attnvizes", "rock", "[SEP]"])
        #expect(abs(m.weights[1] - 0.55) < 1e-12)
        #expect(m.weights.count == 4)
    }

    @Test func byteLevelBPEStartsWordsAtG() {
        let m = SubwordMerging(style: .byteLevelBPE, combine: .max)
            .merge(tokens: ["<|endoftext|>", "Hello", "Ġwor", "ld", "!", "Ġok"], weights: [0.5, 0.1, 0.2, 0.4, 0.1, 0.3])
        #expect(m.tokens == ["<|endoftext|>", "Hello", "world!", "ok"])
        #expect(m.weights == [0.5, 0.1, 0.4, 0.3])
    }

    @Test func sentencePieceStartsWordsAtLowLine() {
        let m = SubwordMerging(style: .sentencePiece)
            .merge(tokens: ["<s>", "▁Wu", "han", "▁bridge", "</s>"], weights: [1, 2, 3, 4, 5])
        #expect(m.tokens == ["<s>", "Wuhan", "bridge", "</s>"])
        #expect(m.weights == [1, 5, 4, 5])
    }

    @Test func detectsStyles() {
        #expect(SubwordMerging.Style.detect(["a", "##b"]) == .wordPiece)
        #expect(SubwordMerging.Style.detect(["a", "Ġb"]) == .byteLevelBPE)
        #expect(SubwordMerging.Style.detect(["▁a", "b"]) == .sentencePiece)
        #expect(SubwordMerging.Style.detect(["a", "b"]) == nil)
    }
}
