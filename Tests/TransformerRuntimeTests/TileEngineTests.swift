import Attention
import AttentionFormats
import Foundation
import Testing
@testable import TransformerRuntime

/// The tile engine against pyramids, ranges and top keys computed independently by NumPy in
/// float64 (`scripts/fixtures/make_tile_fixtures.py`): 37 tokens, 8-pixel tiles (levels 0...3),
/// grouped-query heads, causal with a sliding window, and soft-capped bidirectional attention
/// stored in float16; the same attention stored dense; and block, thread and tile-size variants
/// against a brute-force pooling of `FactoredAttention.matrix`.
struct TileEngineTests {
    static let heads = [(0, 0), (1, 1), (1, 3)]
    static let size = 37
    static let tolerance: Float = 1e-5

    /// The arrays of a fixture's goldens.
    struct Goldens {
        let archive: Npz
        init(_ fixture: String) throws { archive = try Npz(path: Fixtures.path("tiles/\(fixture).goldens.npz")) }
        func floats(_ name: String) throws -> [Float] { try archive.tensor(named: name).allValues() }
        func ints(_ name: String) throws -> [Int] { try floats(name).map { Int($0) } }
    }

    static func attention(_ fixture: String) throws -> AttentionData {
        try AttentionFile.read(path: Fixtures.path("tiles/\(fixture)"))
    }

    /// Every tile of every level of `engine` (8-pixel tiles) against the golden pooled grids;
    /// returns the largest difference.
    static func compareTiles(_ engine: TileEngine, _ goldens: Goldens, layer: Int, head: Int,
                             sourceLocation: SourceLocation = #_sourceLocation) throws -> Float {
        var worst: Float = 0
        #expect(engine.grid.topLevel == 3, sourceLocation: sourceLocation)
        for level in 0...engine.grid.topLevel {
            let n = (size + (1 << level) - 1) >> level
            let goldenMax = try goldens.floats("max_\(layer)_\(head)_\(level)")
            let goldenMean = try goldens.floats("mean_\(layer)_\(head)_\(level)")
            let count = engine.grid.tileCount(level: level)
            #expect(count.rows == (n + 7) / 8 && count.columns == (n + 7) / 8, sourceLocation: sourceLocation)
            for ty in 0..<count.rows {
                for tx in 0..<count.columns {
                    let tile = try engine.tile(TileAddress(layer: layer, head: head, level: level, row: ty, column: tx))
                    for i in 0..<8 {
                        for j in 0..<8 {
                            let gi = ty * 8 + i, gj = tx * 8 + j
                            let a = tile.max[i * 8 + j], b = tile.mean[i * 8 + j]
                            if gi < n && gj < n {
                                worst = max(worst, abs(a - goldenMax[gi * n + gj]), abs(b - goldenMean[gi * n + gj]))
                                #expect(!a.isNaN && !b.isNaN, "L\(layer) H\(head) z\(level) pixel (\(gi), \(gj)) is NaN", sourceLocation: sourceLocation)
                            } else {
                                #expect(a.isNaN && b.isNaN, "L\(layer) H\(head) z\(level) pixel (\(gi), \(gj)) lies outside but is \(a)",
                                        sourceLocation: sourceLocation)
                            }
                        }
                    }
                }
            }
        }
        return worst
    }

    @Test(arguments: ["window-gqa", "softcap-bidir"])
    func tilesMatchNumPyAtEveryLevel(fixture: String) throws {
        let data = try Self.attention("\(fixture).safetensors")
        #expect(data.tensor.factored != nil)
        let engine = try TileEngine(tensor: data.tensor, tileSize: 8)
        let goldens = try Goldens(fixture)
        for (l, h) in Self.heads {
            let worst = try Self.compareTiles(engine, goldens, layer: l, head: h)
            #expect(worst <= Self.tolerance, "\(fixture) L\(l) H\(h): tiles differ from NumPy by up to \(worst)")
        }
    }

    @Test(arguments: ["window-gqa", "softcap-bidir"])
    func summaryAndTopKeysMatchNumPy(fixture: String) throws {
        let data = try Self.attention("\(fixture).safetensors")
        let goldens = try Goldens(fixture)
        let sinks = try goldens.ints("sinks")
        let engine = try TileEngine(tensor: data.tensor, sinkColumns: Set(sinks), tileSize: 8)
        let k = try goldens.ints("k")[0]
        for (l, h) in Self.heads {
            let expected = try goldens.floats("summary_\(l)_\(h)")
            let summary = try engine.summary(layer: l, head: h)
            // Other tile sizes put the sinks in different pixel columns of the top-level tile
            // (8: every pixel column holds one; 16 and 256: some do, some do not).
            for size in [8, 16, 256] {
                let summary = try TileEngine(tensor: data.tensor, sinkColumns: Set(sinks), tileSize: size).summary(layer: l, head: h)
                #expect(abs(summary.max - expected[0]) <= Self.tolerance && abs(summary.sinkMax - expected[1]) <= Self.tolerance
                        && abs(summary.min - expected[2]) <= Self.tolerance, "\(fixture) L\(l) H\(h) tile \(size): \(summary) vs \(expected)")
            }
            if fixture == "window-gqa" {
                #expect(summary.sinkMax < summary.max, "the sinks hold the largest weight in these causal heads")
            }
            let top = try engine.topKeys(layer: l, head: h, k: k)
            let indices = try goldens.ints("topk_index_\(l)_\(h)"), values = try goldens.floats("topk_value_\(l)_\(h)")
            #expect(top.indices.map(Int.init) == indices, "\(fixture) L\(l) H\(h): top-\(k) keys differ")
            let worst = zip(top.values, values).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= Self.tolerance, "\(fixture) L\(l) H\(h): top-\(k) weights differ by \(worst)")
            #expect(indices.contains(-1), "the fixture has rows with fewer than k visible keys")
        }
        let overview = try engine.overview(layer: 1, head: 1)
        #expect(overview.tile == (try engine.tile(TileAddress(layer: 1, head: 1, level: 3, row: 0, column: 0))))
    }

    @Test func rowsAndColumnsAreExact() throws {
        let data = try Self.attention("window-gqa.safetensors")
        let goldens = try Goldens("window-gqa")
        let engine = try TileEngine(tensor: data.tensor)
        let n = Self.size
        for (l, h) in Self.heads {
            let cells = try goldens.floats("max_\(l)_\(h)_0")
            for q in [0, 5, 36] {
                let row = try engine.row(layer: l, head: h, query: q)
                #expect(row.count == n)
                #expect(zip(row, cells[(q * n)..<(q * n + n)]).allSatisfy { abs($0 - $1) <= Self.tolerance }, "L\(l) H\(h) row \(q)")
            }
            for key in [0, 17, 36] {
                let column = try engine.column(layer: l, head: h, key: key)
                let expected = (0..<n).map { cells[$0 * n + key] }
                #expect(zip(column, expected).allSatisfy { abs($0 - $1) <= Self.tolerance }, "L\(l) H\(h) column \(key)")
            }
        }
        #expect(throws: TileError.outOfRange(parameter: "query", value: 37, valid: 0...36)) { try engine.row(layer: 0, head: 0, query: 37) }
        #expect(throws: TileError.outOfRange(parameter: "key", value: -1, valid: 0...36)) { try engine.column(layer: 0, head: 0, key: -1) }
    }

    @Test func denseStorageMatchesNumPyAndFactored() throws {
        let dense = try Self.attention("window-gqa.dense.npy")
        guard case .mapped = dense.tensor.storage else { Issue.record("the .npy should be memory-mapped"); return }
        let factored = try Self.attention("window-gqa.safetensors")
        let goldens = try Goldens("window-gqa")
        let sinks = Set(try goldens.ints("sinks"))
        let d = try TileEngine(tensor: dense.tensor, sinkColumns: sinks, tileSize: 8)
        let f = try TileEngine(tensor: factored.tensor, sinkColumns: sinks, tileSize: 8)
        for (l, h) in Self.heads {
            let worst = try Self.compareTiles(d, goldens, layer: l, head: h)
            #expect(worst <= Self.tolerance, "dense L\(l) H\(h): tiles differ from NumPy by up to \(worst)")
            for level in 0...3 {
                let a = try d.tile(TileAddress(layer: l, head: h, level: level, row: 0, column: 0))
                let b = try f.tile(TileAddress(layer: l, head: h, level: level, row: 0, column: 0))
                let gap = zip(a.max + a.mean, b.max + b.mean).map { $0.isNaN && $1.isNaN ? 0 : abs($0 - $1) }.max() ?? 0
                #expect(gap <= Self.tolerance, "dense and factored L\(l) H\(h) level \(level) differ by \(gap)")
            }
            let sd = try d.summary(layer: l, head: h), sf = try f.summary(layer: l, head: h)
            #expect(abs(sd.max - sf.max) <= Self.tolerance && abs(sd.sinkMax - sf.sinkMax) <= Self.tolerance && sd.min == sf.min)
            // Dense storage knows no mask: its padding is masked keys (weight 0) where factored pads with -1.
            let td = try d.topKeys(layer: l, head: h, k: 5), tf = try f.topKeys(layer: l, head: h, k: 5)
            for i in 0..<td.indices.count where tf.indices[i] >= 0 {
                #expect(td.indices[i] == tf.indices[i] && abs(td.values[i] - tf.values[i]) <= Self.tolerance)
            }
        }
    }

    /// A pooled tile computed the slow way from the whole matrix.
    static func reference(_ matrix: AttentionMatrix, _ address: TileAddress, size: Int) -> (max: [Float], mean: [Float]) {
        let span = 1 << address.level
        var mx = [Float](repeating: .nan, count: size * size), mn = mx
        for i in 0..<size {
            for j in 0..<size {
                let r0 = (address.row * size + i) * span, c0 = (address.column * size + j) * span
                guard r0 < matrix.rows, c0 < matrix.columns else { continue }
                var high = -Float.infinity, sum: Double = 0, count = 0
                for r in r0..<min(matrix.rows, r0 + span) {
                    for c in c0..<min(matrix.columns, c0 + span) {
                        high = max(high, matrix[r, c]); sum += Double(matrix[r, c]); count += 1
                    }
                }
                mx[i * size + j] = high
                mn[i * size + j] = Float(sum / Double(count))
            }
        }
        return (mx, mn)
    }

    /// 600 tokens, head size 16, grouped heads, causal with a window on layer 1: full-size
    /// 256-pixel tiles at every level and edge tiles, computed in one block and in many small
    /// blocks on two threads, against the scalar reference.
    @Test func fullSizeTilesMatchTheScalarReference() throws {
        let l = 2, hq = 2, hkv = 1, s = 600, d = 16
        var rng = SplitMix64(seed: 7)
        func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.uniform() * 3 - 1.5) } }
        let queries = try AttentionTensor(shape: [l, hq, s, d], values: random(l * hq * s * d))
        let keys = try AttentionTensor(shape: [l, hkv, s, d], values: random(l * hkv * s * d))
        let parameters = FactoredAttention.Parameters(scale: 0.25, causal: true, slidingWindows: [nil, 100])
        // Normalisers from the scalar weights themselves, so rows sum to 1.
        var lse = [Float](repeating: 0, count: l * hq * s)
        let unnormalised = try FactoredAttention(queries: queries, keys: keys, logSumExp: lse, parameters: parameters)
        for layer in 0..<l {
            for head in 0..<hq {
                let m = try unnormalised.matrix(layer: layer, head: head)
                for r in 0..<s {
                    let sum = m.row(r).enumerated().filter { unnormalised.sees(layer: layer, query: r, key: $0.offset) }.reduce(0.0) { $0 + Double($1.element) }
                    lse[(layer * hq + head) * s + r] = Float(log(sum))
                }
            }
        }
        let factored = try FactoredAttention(queries: queries, keys: keys, logSumExp: lse, parameters: parameters)
        let tensor = AttentionTensor(factored: factored)
        let one = try TileEngine(tensor: tensor)
        var many = try TileEngine(tensor: tensor, threads: 2)
        many.scratchFloats = 1000   // blocks of one or two rows
        #expect(one.grid.topLevel == 2)
        for (layer, head) in [(0, 1), (1, 0)] {
            let matrix = try factored.matrix(layer: layer, head: head)
            for (level, row, column) in [(0, 0, 0), (0, 2, 1), (0, 1, 2), (1, 1, 0), (1, 0, 1), (2, 0, 0)] {
                let address = TileAddress(layer: layer, head: head, level: level, row: row, column: column)
                let expected = Self.reference(matrix, address, size: 256)
                for engine in [one, many] {
                    let tile = try engine.tile(address)
                    let gap = zip(tile.max + tile.mean, expected.max + expected.mean).map { a, b in
                        a.isNaN || b.isNaN ? (a.isNaN == b.isNaN ? 0 : Float.infinity) : abs(a - b)
                    }.max() ?? 0
                    #expect(gap <= Self.tolerance, "\(address): differs from the reference by \(gap)")
                }
                #expect(try one.tile(address) == many.tile(address), "\(address): threads and blocks change nothing")
            }
            let top = try many.topKeys(layer: layer, head: head, k: 64)
            #expect(try one.topKeys(layer: layer, head: head, k: 64) == top)
            let reference = matrix.row(599).enumerated().filter { factored.sees(layer: layer, query: 599, key: $0.offset) }
                .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }.prefix(64)
            #expect(Array(top.indices[(599 * 64)..<(600 * 64)]).map(Int.init) == reference.map(\.offset))
        }
    }

    @Test func requestsOutsideTheAttentionNameTheirParameter() throws {
        let engine = try TileEngine(tensor: try Self.attention("window-gqa.safetensors").tensor)   // 256-pixel tiles
        #expect(engine.grid.topLevel == 0)
        #expect(throws: TileError.outOfRange(parameter: "level", value: 1, valid: 0...0)) {
            try engine.tile(TileAddress(layer: 0, head: 0, level: 1, row: 0, column: 0))
        }
        #expect(throws: TileError.outOfRange(parameter: "column", value: 1, valid: 0...0)) {
            try engine.tile(TileAddress(layer: 0, head: 0, level: 0, row: 0, column: 1))
        }
        #expect(throws: TileError.outOfRange(parameter: "layer", value: 2, valid: 0...1)) { try engine.summary(layer: 2, head: 0) }
        #expect(throws: TileError.outOfRange(parameter: "head", value: 4, valid: 0...3)) { try engine.topKeys(layer: 0, head: 4, k: 1) }
        #expect(throws: TileError.outOfRange(parameter: "k", value: 65, valid: 1...64)) { try engine.topKeys(layer: 0, head: 0, k: 65) }
        #expect(throws: TileError.self) { try TileEngine(tensor: engine.tensor, sinkColumns: [37]) }
        #expect("\(TileError.outOfRange(parameter: "level", value: 9, valid: 0...5))" == "level 9 is out of range 0...5")
    }
}
