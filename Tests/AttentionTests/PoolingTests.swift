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
    // 5 columns into 2 bins: columns 0..<2 and 2..<5 (integer division like numpy's array_split).
    let m = AttentionMatrix(rows: 1, columns: 5, values: [1, 2, 3, 4, 5])
    #expect(m.pooled(rows: 1, columns: 2, mode: .mean).values == [1.5, 4])
    #expect(m.pooled(rows: 1, columns: 2, mode: .max).values == [2, 5])
    // Mean of all bins weighted by their sizes is the mean of the matrix.
    let big = AttentionMatrix(rows: 7, columns: 13, values: (0..<91).map { Float($0 % 17) })
    let p = big.pooled(rows: 3, columns: 4, mode: .max)
    #expect(p.values.max() == 16)
}

@Test func poolingIgnoresNaNAndKeepsSmallMatrices() {
    let m = AttentionMatrix(rows: 2, columns: 2, values: [.nan, 2, .nan, .nan])
    #expect(m.pooled(rows: 5, columns: 5) == m)
    let p = m.pooled(rows: 1, columns: 1, mode: .mean)
    #expect(p.values == [2])
    let allNaN = AttentionMatrix(rows: 2, columns: 2, values: [.nan, .nan, .nan, .nan])
    #expect(allNaN.pooled(rows: 1, columns: 1).values[0].isNaN)
}
