import CKernels
import Foundation
import Testing

/// The C kernels (softmax, activations) against double-precision references, for both compiled
/// variants (baseline and AVX2 + FMA) and for every tail length of the 8-lane loops.
struct KernelTests {
    typealias Softmax = (UnsafeMutablePointer<Float>?, Int, Int, Int, Int, UnsafeMutablePointer<Float>?) -> Void
    typealias Activate = (UnsafeMutablePointer<Float>?, Int, Int32) -> Void

    static var softmaxVariants: [(String, Softmax)] {
        var variants: [(String, Softmax)] = [("baseline", attnviz_softmax_rows_baseline), ("dispatch", attnviz_softmax_rows)]
        if attnviz_kernels_use_avx2() != 0 { variants.append(("avx2", attnviz_softmax_rows_avx2)) }
        return variants
    }

    static var activationVariants: [(String, Activate)] {
        var variants: [(String, Activate)] = [("baseline", attnviz_activate_baseline), ("dispatch", attnviz_activate)]
        if attnviz_kernels_use_avx2() != 0 { variants.append(("avx2", attnviz_activate_avx2)) }
        return variants
    }

    /// A deterministic spread of scores, with some rows far apart in magnitude.
    static func scores(rows: Int, columns: Int, stride: Int, seed: UInt64) -> [Float] {
        var state = seed
        var values = [Float](repeating: .nan, count: rows * stride)
        for r in 0..<rows {
            for c in 0..<columns {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let unit = Float(state >> 40) / Float(1 << 24)
                values[r * stride + c] = r % 3 == 2 ? (unit - 0.5) * 200 : (unit - 0.5) * 20
            }
        }
        return values
    }

    @Test(arguments: [1, 5, 8, 9, 31, 64, 300])
    func softmaxMatchesDoublePrecision(columns: Int) {
        let rows = 7, stride = columns + 3
        for (name, softmax) in Self.softmaxVariants {
            for causalOffset in [-1, 0, 2] {
                let input = Self.scores(rows: rows, columns: columns, stride: stride, seed: UInt64(columns * 31 + causalOffset + 5))
                var output = input
                var normalisers = [Float](repeating: .nan, count: rows)
                output.withUnsafeMutableBufferPointer { o in
                    normalisers.withUnsafeMutableBufferPointer { softmax(o.baseAddress, rows, columns, stride, causalOffset, $0.baseAddress) }
                }
                for r in 0..<rows {
                    let valid = causalOffset < 0 ? columns : max(1, min(columns, causalOffset + r + 1))
                    let row = (0..<valid).map { Double(input[r * stride + $0]) }
                    let largest = row.max() ?? 0
                    let total = row.reduce(0) { $0 + Foundation.exp($1 - largest) }
                    let logSumExp = largest + Foundation.log(total)
                    #expect(abs(Double(normalisers[r]) - logSumExp) <= 1e-5 * max(1, abs(logSumExp)), "\(name): row \(r) log-sum-exp \(normalisers[r]) vs \(logSumExp)")
                    for c in 0..<columns {
                        let got = output[r * stride + c]
                        if c < valid {
                            let expected = Foundation.exp(row[c] - largest) / total
                            #expect(abs(Double(got) - expected) <= 1e-6, "\(name) columns \(columns) offset \(causalOffset) [\(r), \(c)]: \(got) vs \(expected)")
                        } else {
                            #expect(got == 0, "\(name): masked entry [\(r), \(c)] is \(got)")
                        }
                    }
                    for c in columns..<stride {
                        #expect(output[r * stride + c].isNaN, "\(name): wrote past the row at [\(r), \(c)]")
                    }
                }
            }
        }
    }

    @Test(arguments: [Int32(ATTNVIZ_GELU), Int32(ATTNVIZ_GELU_TANH), Int32(ATTNVIZ_RELU), Int32(ATTNVIZ_SILU)])
    func activationsMatchDoublePrecision(kind: Int32) {
        let inputs = (0..<803).map { Float($0 - 401) / 40 }   // -10.025 ... 10, 803 = 8 * 100 + 3
        for (name, activate) in Self.activationVariants {
            var values = inputs
            values.withUnsafeMutableBufferPointer { activate($0.baseAddress, inputs.count, kind) }
            for (x, got) in zip(inputs, values) {
                let v = Double(x)
                let expected: Double = switch kind {
                case Int32(ATTNVIZ_GELU): 0.5 * v * (1 + Foundation.erf(v / 2.0.squareRoot()))
                case Int32(ATTNVIZ_GELU_TANH): 0.5 * v * (1 + Foundation.tanh(0.7978845608 * (v + 0.044715 * v * v * v)))
                case Int32(ATTNVIZ_SILU): v / (1 + Foundation.exp(-v))
                default: max(v, 0)
                }
                #expect(abs(Double(got) - expected) <= 2e-6 * max(1, abs(v)), "\(name) kind \(kind) at \(x): \(got) vs \(expected)")
            }
        }
    }

    #if os(Linux) && arch(x86_64)
    /// On a CPU with AVX2 and FMA the fast variant is the one that runs.
    @Test func dispatchPicksAVX2WhenTheCPUHasIt() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        #expect((attnviz_kernels_use_avx2() != 0) == (flags.contains("avx2") && flags.contains("fma")))
    }
    #endif
}
