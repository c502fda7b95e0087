import CKernels
import Foundation
import Testing

/// The tile engine's C kernels (weights from logits, row pooling, top-k) against plain
/// references, for both compiled variants and every tail length of the 8-lane loops.
struct TileKernelTests {
    typealias Weights = (UnsafeMutablePointer<Float>?, Int, Float, Float) -> Void
    typealias Pool = (UnsafePointer<Float>?, Int, Int, Int, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void
    typealias TopK = (UnsafePointer<Float>?, Int, Int, Int, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Int>?) -> Void

    static func variants<T>(_ baseline: T, _ avx2: T, _ dispatch: T) -> [(String, T)] {
        var list = [("baseline", baseline), ("dispatch", dispatch)]
        if attnviz_kernels_use_avx2() != 0 { list.append(("avx2", avx2)) }
        return list
    }

    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * 12
        }
    }

    @Test(arguments: [1, 7, 8, 9, 33, 300])
    func weightsMatchDoublePrecision(count: Int) {
        for (name, kernel) in Self.variants(attnviz_attention_weights_baseline, attnviz_attention_weights_avx2, attnviz_attention_weights) {
            for cap: Float in [0, 5] {
                let input = Self.values(count, seed: UInt64(count))
                var output = input
                output.withUnsafeMutableBufferPointer { kernel($0.baseAddress, count, 2.5, cap) }
                for (x, y) in zip(input, output) {
                    let logit = cap > 0 ? Double(cap) * tanh(Double(x) / Double(cap)) : Double(x)
                    let expected = exp(logit - 2.5)
                    #expect(abs(Double(y) - expected) <= 1e-6 * max(1, expected), "\(name) cap \(cap): \(x) gave \(y), not \(expected)")
                }
            }
        }
    }

    @Test(arguments: [1, 2, 3, 8, 13, 32])
    func poolingMatchesAPlainLoop(span: Int) {
        for (name, kernel) in Self.variants(attnviz_pool_row_baseline, attnviz_pool_row_avx2, attnviz_pool_row) {
            for (offset, count) in [(0, 100), (5, 37), (span, 1), (3, 0)] {
                let row = Self.values(count, seed: UInt64(span * 100 + offset))
                let pixels = (offset + count + span - 1) / span + 1
                var high = [Float](repeating: -1, count: pixels), sum = [Float](repeating: 1, count: pixels)
                row.withUnsafeBufferPointer { r in
                    high.withUnsafeMutableBufferPointer { h in
                        sum.withUnsafeMutableBufferPointer { s in kernel(r.baseAddress, count, offset, span, h.baseAddress, s.baseAddress) }
                    }
                }
                var expectedHigh = [Float](repeating: -1, count: pixels), expectedSum = [Double](repeating: 1, count: pixels)
                for (t, v) in row.enumerated() {
                    let p = (offset + t) / span
                    expectedHigh[p] = max(expectedHigh[p], v)
                    expectedSum[p] += Double(v)
                }
                #expect(high == expectedHigh, "\(name) span \(span) offset \(offset)")
                #expect(zip(sum, expectedSum).allSatisfy { abs(Double($0) - $1) < 1e-4 }, "\(name) span \(span) offset \(offset)")
            }
        }
    }

    @Test(arguments: [1, 3, 8, 64])
    func topKKeepsTheLargestWithTiesByLowerIndex(k: Int) {
        for (name, kernel) in Self.variants(attnviz_top_k_row_baseline, attnviz_top_k_row_avx2, attnviz_top_k_row) {
            // Rounded values make many ties; the row comes in two pieces.
            var row = Self.values(203, seed: UInt64(k)).map { ($0 * 2).rounded() / 2 }
            row[17] = .nan
            var indices = [Int32](repeating: -1, count: k), values = [Float](repeating: 0, count: k)
            var count = 0
            row.withUnsafeBufferPointer { r in
                indices.withUnsafeMutableBufferPointer { i in
                    values.withUnsafeMutableBufferPointer { v in
                        kernel(r.baseAddress, 100, 0, k, i.baseAddress, v.baseAddress, &count)
                        kernel(r.baseAddress.map { $0 + 100 }, 103, 100, k, i.baseAddress, v.baseAddress, &count)
                    }
                }
            }
            let expected = row.enumerated().filter { !$0.element.isNaN }
                .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }.prefix(k)
            #expect(count == k, "\(name)")
            #expect(indices.map(Int.init) == expected.map(\.offset), "\(name) k \(k)")
            #expect(values == expected.map(\.element), "\(name) k \(k)")
        }
        // Fewer cells than k: the rest stays as it was (the engine pads with -1 and 0).
        var indices = [Int32](repeating: -1, count: 4), values = [Float](repeating: 0, count: 4), count = 0
        let two: [Float] = [0.25, 0.75]
        two.withUnsafeBufferPointer { r in
            indices.withUnsafeMutableBufferPointer { i in
                values.withUnsafeMutableBufferPointer { v in attnviz_top_k_row(r.baseAddress, 2, 10, 4, i.baseAddress, v.baseAddress, &count) }
            }
        }
        #expect(count == 2 && indices == [11, 10, -1, -1] && values == [0.75, 0.25, 0, 0])
    }
}
