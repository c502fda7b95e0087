import Testing
@testable import Attention

@Test func maxPoolKeepsASharpColumn() {
    // 8x8 zeros with a single 1 in column 5: pooled to 2x2 by max, the peak survives.
    var m = AttentionMatrix(rows: 8, columns: 8, values: .init(repeating: 0, count: 64))
    m[3, 5] = 1
    let pooled = m.pooled(rows: 2, columns: 2, mode: .max)
    #expect(pooled.rows == 2 && pooled.columns == 2)
    #expect(pooled.values == [0, 1, 0, 0])
    // Mean pooling averages it over the 4x4 block.
    #expect(m.pooled(rows: 2, columns: 2, mode: .mean).values == [0, 1.0 / 16, 0, 0])
}

@Test func unevenBlocksCoverEveryCellOnce() {
    // 5 columns into 2 bins: bin j holds columns floor(j * 5 / 2)..<floor((j + 1) * 5 / 2),
    // that is 0..<2 and 2..<5.
    let m = AttentionMatrix(rows: 1, columns: 5, values: [1, 2, 3, 4, 5])
    #expect(m.pooled(rows: 1, columns: 2, mode: .mean).values == [1.5, 4])
    #expect(m.pooled(rows: 1, columns: 2, mode: .max).values == [2, 5])
    // 7 x 13 into 3 x 4 uneven bins: every bin against its own cells, read here from the
    // matrix by the bin edges above, and the bins' means weighted by their sizes give back
    // the mean of the whole matrix (so every cell is counted exactly once).
    let values = (0..<91).map { Float(($0 * 29) % 17) / 4 }
    let big = AttentionMatrix(rows: 7, columns: 13, values: values)
    let mean = big.pooled(rows: 3, columns: 4, mode: .mean), max = big.pooled(rows: 3, columns: 4, mode: .max)
    #expect(mean.rows == 3 && mean.columns == 4 && max.rows == 3 && max.columns == 4)
    func edges(_ n: Int, _ bins: Int) -> [Range<Int>] { (0..<bins).map { ($0 * n / bins)..<(($0 + 1) * n / bins) } }
    var weighted = 0.0, cells = 0
    for (i, rows) in edges(7, 3).enumerated() {
        for (j, columns) in edges(13, 4).enumerated() {
            let block = rows.flatMap { r in columns.map { c in Double(values[r * 13 + c]) } }
            let blockMean = block.reduce(0, +) / Double(block.count)
            #expect(abs(Double(mean[i, j]) - blockMean) < 1e-6, "mean bin (\(i), \(j))")
            #expect(Double(max[i, j]) == block.max(), "max bin (\(i), \(j))")
            weighted += Double(mean[i, j]) * Double(block.count)
            cells += block.count
        }
    }
    #expect(cells == 91)
    let whole = values.reduce(0.0) { $0 + Double($1) } / 91
    #expect(abs(weighted / 91 - whole) < 1e-6, "size-weighted mean of the bins \(weighted / 91), of the matrix \(whole)")
}

@Test func poolingIgnoresNaNAndKeepsSmallMatrices() {
    let m = AttentionMatrix(rows: 2, columns: 2, values: [.nan, 2, .nan, .nan])
    #expect(m.pooled(rows: 5, columns: 5) == m)
    let p = m.pooled(rows: 1, columns: 1, mode: .mean)
    #expect(p.values == [2])
    let allNaN = AttentionMatrix(rows: 2, columns: 2, values: [.nan, .nan, .nan, .nan])
    #expect(allNaN.pooled(rows: 1, columns: 1).values[0].isNaN)
}
