import Testing
@testable import Attention

@Suite struct HeadStatisticsTests {
    let goldens: TransformGoldens
    init() throws { goldens = try TransformGoldens.load() }

    private func check(_ table: [[HeadStatistics]], against key: String) {
        let expected = goldens.object[key] as? [[[String: Any]]] ?? []
        #expect(table.count == expected.count && !expected.isEmpty)
        for (l, row) in table.enumerated() {
            for (h, stats) in row.enumerated() {
                let e = expected[l][h]
                let entropy = (e["entropy"] as? [Double]) ?? []
                #expect(close(stats.entropy, entropy), "entropy \(key)[\(l)][\(h)]")
                #expect(abs(stats.firstToken - (e["firstToken"] as? Double ?? .nan)) < 1e-6)
                #expect(abs(stats.selfAttention - (e["selfAttention"] as? Double ?? .nan)) < 1e-6)
                #expect(abs(stats.previousToken - (e["previousToken"] as? Double ?? .nan)) < 1e-6)
            }
        }
    }

    @Test func squareHeadsMatchNumpy() throws {
        check(try HeadStatistics.table(for: goldens.attention()), against: "statistics")
    }

    @Test func crossAttentionWithZeroRowMatchesNumpy() throws {
        let table = try HeadStatistics.table(for: goldens.cross())
        check(table, against: "crossStatistics")
        #expect(table[0][1].entropy[2] == 0)
    }

    @Test func recognisesAPreviousTokenHead() throws {
        var values = [Float](repeating: 0, count: 25)
        values[0] = 1
        for q in 1..<5 { values[q * 5 + q - 1] = 1 }
        let stats = HeadStatistics(AttentionMatrix(rows: 5, columns: 5, values: values))
        #expect(stats.previousToken == 1)
        #expect(stats.selfAttention == 0.2)
        #expect(stats.meanEntropy == 0)
    }
}
