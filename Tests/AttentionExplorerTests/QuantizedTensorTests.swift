import Attention
import Testing
@testable import AttentionExplorer

@Suite struct QuantizedTensorTests {
    @Test func u8DecodesEveryWeightWithinHalfAStepOfItsHead() throws {
        let tensor = try SyntheticAttention.tensor(layers: 2, heads: 3, tokens: 17)
        let packed = try QuantizedTensor(tensor, precision: .u8)
        #expect(packed.bytes.count == 2 * 3 * 17 * 17)
        #expect(packed.scales.count == 6)
        var worst: Float = 0
        for l in 0..<2 {
            for h in 0..<3 {
                let m = try tensor.matrix(layer: l, head: h)
                // The scale is this head's own: its largest weight over 255 levels.
                #expect(abs(packed.scales[l * 3 + h] - (m.finiteRange!.upperBound / 255)) < 1e-9)
                for q in 0..<17 {
                    for k in 0..<17 {
                        let error = abs(packed.value(layer: l, head: h, query: q, key: k) - m[q, k])
                        worst = max(worst, error / packed.scales[l * 3 + h])
                        #expect(error <= packed.step(layer: l, head: h) * 1.0001)
                    }
                }
            }
        }
        #expect(worst > 0.3, "errors should span most of the half step, got \(worst)")
        // Zero stays exactly zero.
        let zero = try QuantizedTensor(AttentionTensor(shape: [2, 2], values: [0, 0.25, 1, 0]), precision: .u8)
        #expect(zero.value(layer: 0, head: 0, query: 0, key: 0) == 0)
        #expect(zero.bytes == [0, 64, 255, 0])
    }

    @Test func u8HandlesNegativeAndConstantHeads() throws {
        let t = try AttentionTensor(shape: [2, 1, 1, 3], values: [-2, 0, 2, 0.25, 0.25, 0.25])
        let packed = try QuantizedTensor(t, precision: .u8)
        #expect(packed.offsets == [-2, 0])
        #expect(packed.value(layer: 0, head: 0, query: 0, key: 0) == -2)
        #expect(abs(packed.value(layer: 0, head: 0, query: 0, key: 1)) <= packed.step(layer: 0, head: 0))
        #expect(packed.value(layer: 1, head: 0, query: 0, key: 2) == 0.25)
    }

    @Test func f16RoundTripsToHalfPrecision() throws {
        let tensor = try SyntheticAttention.tensor(layers: 1, heads: 2, tokens: 9)
        let packed = try QuantizedTensor(tensor, precision: .f16)
        #expect(packed.bytes.count == 2 * 9 * 9 * 2)
        for h in 0..<2 {
            let m = try tensor.matrix(layer: 0, head: h)
            for q in 0..<9 {
                for k in 0..<9 {
                    let v = m[q, k]
                    #expect(abs(packed.value(layer: 0, head: h, query: q, key: k) - v) <= packed.step(layer: 0, head: h, magnitude: v))
                }
            }
        }
        // Little-endian half bits of 1.0 are 0x3C00.
        let one = try QuantizedTensor(AttentionTensor(shape: [1], values: [1]), precision: .f16)
        #expect(one.bytes == [0x00, 0x3C])
    }

    @Test func rejectsWhatItCannotEncode() throws {
        let nan = try AttentionTensor(shape: [2], values: [0.5, .nan])
        #expect(throws: AttentionError.self) { try QuantizedTensor(nan, precision: .u8) }
        let big = try AttentionTensor(shape: [1], values: [1e6])
        #expect(throws: AttentionError.self) { try QuantizedTensor(big, precision: .f16) }
        #expect(try QuantizedTensor(big, precision: .u8).value(layer: 0, head: 0, query: 0, key: 0) == 1e6)
    }
}
