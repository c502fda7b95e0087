import Attention
import Testing
@testable import AttentionExplorer

@Suite struct QuantizedTensorTests {
    /// Checked against the format's definition computed here, not the type's own `value` and
    /// `step`: per head, byte 0 stands for low = min(min, 0), one step for
    /// (max(max, 0) - low) / 255, and each byte is the nearest step.
    @Test func u8DecodesEveryWeightWithinHalfAStepOfItsHead() throws {
        let tensor = try SyntheticAttention.tensor(layers: 2, heads: 3, tokens: 17)
        let packed = try QuantizedTensor(tensor, precision: .u8)
        #expect(packed.bytes.count == 2 * 3 * 17 * 17)
        #expect(packed.scales.count == 6 && packed.offsets.count == 6)
        var worst: Float = 0
        for l in 0..<2 {
            for h in 0..<3 {
                let values = try tensor.matrix(layer: l, head: h).values
                let low = min(values.min()!, 0), high = max(values.max()!, 0)
                let scale = (high - low) / 255
                #expect(packed.offsets[l * 3 + h] == low)
                #expect(abs(packed.scales[l * 3 + h] - scale) <= scale * 1e-6)
                for (i, v) in values.enumerated() {
                    let byte = packed.bytes[(l * 3 + h) * 289 + i]
                    let decoded = low + Float(byte) * scale
                    let error = abs(decoded - v)
                    worst = max(worst, error / scale)
                    #expect(error <= scale / 2 * 1.0001 + 1e-7, "l\(l) h\(h) [\(i)]: byte \(byte) is \(decoded), weight \(v)")
                    #expect(abs(packed.value(layer: l, head: h, query: i / 17, key: i % 17) - decoded) <= 1e-7)
                }
            }
        }
        #expect(worst > 0.3, "errors should span most of the half step, got \(worst)")
        // Zero stays exactly zero; 0.25 of a 0...1 head is byte round(63.75) = 64.
        let zero = try QuantizedTensor(AttentionTensor(shape: [2, 2], values: [0, 0.25, 1, 0]), precision: .u8)
        #expect(zero.value(layer: 0, head: 0, query: 0, key: 0) == 0)
        #expect(zero.bytes == [0, 64, 255, 0])
    }

    @Test func u8HandlesNegativeAndConstantHeads() throws {
        let t = try AttentionTensor(shape: [2, 1, 1, 3], values: [-2, 0, 2, 0.25, 0.25, 0.25])
        let packed = try QuantizedTensor(t, precision: .u8)
        #expect(packed.offsets == [-2, 0])
        // Head 0 spans -2...2: byte 0 is -2, 255 is 2, and 0 lands on round(127.5) = 128 (or 127).
        #expect(packed.bytes[0] == 0 && packed.bytes[2] == 255)
        #expect([127, 128].contains(packed.bytes[1]), "\(packed.bytes[1])")
        #expect(packed.value(layer: 0, head: 0, query: 0, key: 0) == -2)
        #expect(abs(packed.value(layer: 0, head: 0, query: 0, key: 1)) <= 4 / 255 / 2 * 1.0001)
        // Head 1 is constant 0.25 over 0...0.25: every byte 255.
        #expect(Array(packed.bytes[3...]) == [255, 255, 255])
        #expect(packed.value(layer: 1, head: 0, query: 0, key: 2) == 0.25)
    }

    /// Every stored half is exactly IEEE binary16's nearest value, as Swift's own `Float16`
    /// rounds it, little-endian.
    @Test func f16RoundTripsToHalfPrecision() throws {
        let tensor = try SyntheticAttention.tensor(layers: 1, heads: 2, tokens: 9)
        let packed = try QuantizedTensor(tensor, precision: .f16)
        #expect(packed.bytes.count == 2 * 9 * 9 * 2)
        for h in 0..<2 {
            let values = try tensor.matrix(layer: 0, head: h).values
            for (i, v) in values.enumerated() {
                let index = h * 81 + i
                let bits = UInt16(packed.bytes[2 * index]) | UInt16(packed.bytes[2 * index + 1]) << 8
                #expect(bits == Float16(v).bitPattern, "head \(h) [\(i)]: \(v)")
                #expect(packed.value(layer: 0, head: h, query: i / 9, key: i % 9) == Float(Float16(v)))
            }
        }
        // Little-endian half bits of 1.0 are 0x3C00; of -2.5, 0xC100; of 65504 (the largest), 0x7BFF.
        let known = try QuantizedTensor(AttentionTensor(shape: [3], values: [1, -2.5, 65504]), precision: .f16)
        #expect(known.bytes == [0x00, 0x3C, 0x00, 0xC1, 0xFF, 0x7B])
        // A subnormal and a value halfway between two halves (ties to even).
        let edge = try QuantizedTensor(AttentionTensor(shape: [2], values: [1e-6, 1 + 1.5 / 1024]), precision: .f16)
        #expect(edge.bytes == [0x11, 0x00, 0x02, 0x3C])
    }

    @Test func rejectsWhatItCannotEncode() throws {
        let nan = try AttentionTensor(shape: [2], values: [0.5, .nan])
        #expect(throws: AttentionError.self) { try QuantizedTensor(nan, precision: .u8) }
        let big = try AttentionTensor(shape: [1], values: [1e6])
        #expect(throws: AttentionError.self) { try QuantizedTensor(big, precision: .f16) }
        #expect(try QuantizedTensor(big, precision: .u8).value(layer: 0, head: 0, query: 0, key: 0) == 1e6)
    }
}
