import Attention
import CKernels
import Dispatch
import Synchronization

/// Deep zoom over attention of any storage: pooled tiles of one head at any level, the head's
/// range, one exact row or column, and every row's strongest keys. Factored attention (queries
/// and keys) is computed a block of rows at a time with `sgemm` and vectorised `exp`, skipping
/// key blocks a causal or sliding-window mask hides, in scratch of at most ``scratchBytes`` per
/// thread: a head's n² weights never exist at once. Dense attention is pooled from its stored
/// values, read a block of rows at a time from memory or the mapped file.
///
/// ```swift
/// let data = try AttentionFile.read(path: "run.safetensors")          // attnviz run --keep qk
/// let engine = try TileEngine(tensor: data.tensor, sinkColumns: [0])
/// let top = try engine.tile(TileAddress(layer: 0, head: 0, level: engine.grid.topLevel, row: 0, column: 0))
/// let exact = try engine.tile(TileAddress(layer: 0, head: 0, level: 0, row: 3, column: 1))
/// let range = try engine.summary(layer: 0, head: 0)                  // max, sinkMax, min
/// let strongest = try engine.topKeys(layer: 0, head: 0, k: 8)
/// ```
public struct TileEngine: Sendable {
    /// The attention.
    public let tensor: AttentionTensor
    /// The tile pyramid over each head.
    public let grid: TileGrid
    /// Key columns left out of ``HeadSummary/sinkMax``, ascending.
    public let sinkColumns: [Int]
    /// Threads one computation uses (its row blocks are shared out; at least 1).
    public var threads: Int {
        get { threadCount }
        set { threadCount = max(1, newValue) }
    }
    private var threadCount: Int

    /// Scratch floats per thread for a block of rows (2 MiB; tests make it small to force many blocks).
    var scratchFloats = 1 << 19
    /// Bytes of scratch each thread uses at most for weights (the tile's two planes and the
    /// vectors of the rows and columns it covers come on top).
    public static let scratchBytes = 2 << 20
    /// Largest `k` of ``topKeys(layer:head:k:)``.
    public static let maximumK = 64

    /// An engine over `tensor` with `tileSize × tileSize`-pixel tiles; `sinkColumns` (key
    /// indices, for example the first key and special tokens) are left out of `sinkMax`.
    public init(tensor: AttentionTensor, sinkColumns: Set<Int> = [], tileSize: Int = 256, threads: Int = 1) throws(TileError) {
        guard (1...4096).contains(tileSize) else { throw .invalidSetting("tile size \(tileSize) must be between 1 and 4096") }
        guard !tensor.shape.isEmpty else { throw .invalidSetting("attention of shape \(tensor.shape) has no cells") }
        guard tensor.shape.queries <= Int(Int32.max), tensor.shape.keys <= Int(Int32.max) else {
            throw .invalidSetting("attention of shape \(tensor.shape) is too large for Int32 key indices")
        }
        if let bad = sinkColumns.first(where: { !(0..<tensor.shape.keys).contains($0) }) {
            throw .invalidSetting("sink column \(bad) is outside the \(tensor.shape.keys) keys")
        }
        self.tensor = tensor
        self.grid = TileGrid(queries: tensor.shape.queries, keys: tensor.shape.keys, size: tileSize)
        self.sinkColumns = sinkColumns.sorted()
        self.threadCount = max(1, threads)
    }

    /// Checks a layer and head index (what every request starts with).
    public func check(layer: Int, head: Int) throws(TileError) {
        try TileError.check("layer", layer, count: tensor.shape.layers)
        try TileError.check("head", head, count: tensor.shape.heads)
    }

    /// The pooled tile at `address`.
    public func tile(_ address: TileAddress) throws(TileError) -> AttentionTile {
        try checkHead(address.layer, address.head)
        try grid.check(address)
        return try sweep(address, summarise: false).tile
    }

    /// The top-level tile (the whole head in one tile) and the head's summary, from one pass.
    public func overview(layer: Int, head: Int) throws(TileError) -> (tile: AttentionTile, summary: HeadSummary) {
        try checkHead(layer, head)
        let result = try sweep(TileAddress(layer: layer, head: head, level: grid.topLevel, row: 0, column: 0), summarise: true)
        return (result.tile, result.summary ?? HeadSummary(max: 0, sinkMax: 0, min: 0))
    }

    /// The head's largest weight, largest weight outside the sink columns, and smallest weight.
    public func summary(layer: Int, head: Int) throws(TileError) -> HeadSummary {
        try overview(layer: layer, head: head).summary
    }

    /// The exact weights of one query row (`keys` values; masked keys 0).
    public func row(layer: Int, head: Int, query: Int) throws(TileError) -> [Float] {
        try checkHead(layer, head)
        try TileError.check("query", query, count: grid.queries)
        let columns = 0..<grid.keys
        let weights = try HeadWeights(tensor, layer: layer, head: head, rows: query..<(query + 1), columns: columns)
        var out = [Float](repeating: 0, count: grid.keys)
        out.withUnsafeMutableBufferPointer { o in
            guard let base = o.baseAddress else { return }
            weights.fill(rows: query..<(query + 1), columns: columns, into: base, stride: grid.keys)
            let seen = weights.visible(row: query, within: columns)
            for c in columns where !seen.contains(c) { base[c] = 0 }
        }
        return out
    }

    /// The exact weights of one key column (`queries` values; queries that do not see it 0).
    public func column(layer: Int, head: Int, key: Int) throws(TileError) -> [Float] {
        try checkHead(layer, head)
        try TileError.check("key", key, count: grid.keys)
        let rows = 0..<grid.queries, columns = key..<(key + 1)
        let weights = try HeadWeights(tensor, layer: layer, head: head, rows: rows, columns: columns)
        var out = [Float](repeating: 0, count: grid.queries)
        out.withUnsafeMutableBufferPointer { o in
            guard let base = o.baseAddress else { return }
            weights.fill(rows: rows, columns: columns, into: base, stride: 1)
            for r in rows where weights.visible(row: r, within: columns).isEmpty { base[r] = 0 }
        }
        return out
    }

    /// For every query row, the `k` (1...64) keys with the largest weights, descending, ties by
    /// lower index; rows seeing fewer than `k` keys are padded with index −1, weight 0.
    public func topKeys(layer: Int, head: Int, k: Int) throws(TileError) -> TopKeys {
        try checkHead(layer, head)
        guard (1...Self.maximumK).contains(k) else { throw .outOfRange(parameter: "k", value: k, valid: 1...Self.maximumK) }
        let rows = 0..<grid.queries, columns = 0..<grid.keys
        let weights = try HeadWeights(tensor, layer: layer, head: head, rows: rows, columns: columns)
        var indices = [Int32](repeating: -1, count: rows.count * k)
        var values = [Float](repeating: 0, count: rows.count * k)
        let blockRows = max(1, scratchFloats / columns.count)
        let blocks = (rows.count + blockRows - 1) / blockRows
        indices.withUnsafeMutableBufferPointer { i in
            values.withUnsafeMutableBufferPointer { v in
                guard let iBase = i.baseAddress, let vBase = v.baseAddress else { return }
                let indexOut = UnsafeMutableSendable(iBase), valueOut = UnsafeMutableSendable(vBase)
                parallel(blocks, scratch: blockRows * columns.count) { block, scratch in
                    let b0 = block * blockRows, b1 = min(rows.upperBound, b0 + blockRows)
                    weights.fill(rows: b0..<b1, columns: columns, into: scratch, stride: columns.count)
                    for r in b0..<b1 {
                        let seen = weights.visible(row: r, within: columns)
                        var count = 0
                        attnviz_top_k_row(scratch + (r - b0) * columns.count + seen.lowerBound, seen.count, seen.lowerBound, k,
                                          indexOut.pointer + r * k, valueOut.pointer + r * k, &count)
                    }
                }
            }
        }
        return TopKeys(k: k, queries: rows.count, indices: indices, values: values)
    }

    // MARK: the sweep

    private func checkHead(_ layer: Int, _ head: Int) throws(TileError) {
        try check(layer: layer, head: head)
    }

    /// What the rows one task saw add to the head's summary beyond the max plane.
    private struct RowStatistics {
        /// The smallest computed weight (only tracked when no cell is masked).
        var min = Float.infinity
        /// The largest weight of a non-sink cell in a pixel column that holds a sink.
        var sinkMax = -Float.infinity

        mutating func merge(_ other: RowStatistics) {
            min = Swift.min(min, other.min)
            sinkMax = Swift.max(sinkMax, other.sinkMax)
        }
    }

    /// A pixel column holding sink columns: its cells and its sinks (ascending).
    private struct SinkPixel: Sendable {
        var pixel: Int
        var cells: Range<Int>
        var sinks: [Int]
    }

    /// Pools the tile at a checked `address`; with `summarise` (top level only: the tile covers
    /// the head) also the head's summary.
    private func sweep(_ address: TileAddress, summarise: Bool) throws(TileError) -> (tile: AttentionTile, summary: HeadSummary?) {
        let (rows, columns) = grid.cells(address)
        let weights = try HeadWeights(tensor, layer: address.layer, head: address.head, rows: rows, columns: columns)
        let size = grid.size, span = 1 << address.level
        var pixelMax = [Float](repeating: weights.isNonNegative ? 0 : -.infinity, count: size * size)
        var pixelSum = [Float](repeating: 0, count: size * size)
        let pixelRows = (rows.count + span - 1) / span
        let blockRows = max(1, scratchFloats / columns.count)
        // A task owns whole pixel rows, so tasks write disjoint parts of the planes.
        let pixelRowsPerTask = max(1, blockRows / span)
        let tasks = (pixelRows + pixelRowsPerTask - 1) / pixelRowsPerTask
        var partials = [RowStatistics](repeating: RowStatistics(), count: summarise ? tasks : 0)
        // The summary: the max comes from the max plane, and so does sinkMax outside the pixel
        // columns holding a sink; those few pixels' other cells, and the minimum when no cell is
        // masked (else it is 0), are gathered row by row.
        let masked = weights.hasMaskedCells
        var sinkPixels = [SinkPixel]()
        for sink in sinkColumns where columns.contains(sink) {
            let pixel = (sink - columns.lowerBound) / span
            if sinkPixels.last?.pixel == pixel {
                sinkPixels[sinkPixels.count - 1].sinks.append(sink)
            } else {
                let start = columns.lowerBound + pixel * span
                sinkPixels.append(SinkPixel(pixel: pixel, cells: start..<min(columns.upperBound, start + span), sinks: [sink]))
            }
        }
        let pixels = sinkPixels
        pixelMax.withUnsafeMutableBufferPointer { m in
            pixelSum.withUnsafeMutableBufferPointer { s in
                partials.withUnsafeMutableBufferPointer { p in
                    guard let mBase = m.baseAddress, let sBase = s.baseAddress else { return }
                    let maxOut = UnsafeMutableSendable(mBase), sumOut = UnsafeMutableSendable(sBase)
                    let statsOut = summarise ? p.baseAddress.map(UnsafeMutableSendable.init) : nil
                    parallel(tasks, scratch: min(blockRows, rows.count) * columns.count) { task, scratch in
                        let r0 = rows.lowerBound + task * pixelRowsPerTask * span
                        let r1 = min(rows.upperBound, r0 + pixelRowsPerTask * span)
                        var stats = RowStatistics()
                        var b0 = r0
                        while b0 < r1 {
                            let b1 = min(r1, b0 + blockRows)
                            weights.fill(rows: b0..<b1, columns: columns, into: scratch, stride: columns.count)
                            for r in b0..<b1 {
                                let seen = weights.visible(row: r, within: columns)
                                let row = scratch + (r - b0) * columns.count
                                let pixelRow = (r - rows.lowerBound) / span
                                if !seen.isEmpty {
                                    let offset = seen.lowerBound - columns.lowerBound
                                    attnviz_pool_row(row + offset, seen.count, offset, span,
                                                     maxOut.pointer + pixelRow * size, sumOut.pointer + pixelRow * size)
                                }
                                if statsOut != nil {
                                    Self.addRow(row, seen: seen, columns: columns, sinkPixels: pixels, tracksMin: !masked, to: &stats)
                                }
                            }
                            b0 = b1
                        }
                        statsOut.map { $0.pointer[task] = stats }
                    }
                }
            }
        }
        // Means, and NaN where a pixel covers no cell.
        for pr in 0..<size {
            let rowCells = min(span, rows.count - pr * span)
            for pc in 0..<size {
                let index = pr * size + pc
                let columnCells = min(span, columns.count - pc * span)
                if pr >= pixelRows || rowCells <= 0 || columnCells <= 0 {
                    pixelMax[index] = .nan
                    pixelSum[index] = .nan
                } else {
                    pixelSum[index] /= Float(rowCells * columnCells)
                }
            }
        }
        let tile = AttentionTile(address: address, size: size, max: pixelMax, mean: pixelSum)
        guard summarise else { return (tile, nil) }
        var total = RowStatistics()
        for partial in partials { total.merge(partial) }
        var high = -Float.infinity, outsideSinks = total.sinkMax
        let pixelColumns = (columns.count + span - 1) / span
        let holdsSink = Set(sinkPixels.map(\.pixel))
        for pr in 0..<pixelRows {
            for pc in 0..<pixelColumns {
                let v = pixelMax[pr * size + pc]
                high = Swift.max(high, v)
                if !holdsSink.contains(pc) { outsideSinks = Swift.max(outsideSinks, v) }
            }
        }
        let low = masked ? 0 : total.min
        return (tile, HeadSummary(max: high.isFinite ? high : 0, sinkMax: outsideSinks.isFinite ? outsideSinks : 0,
                                  min: low.isFinite ? low : 0))
    }

    /// Folds one row (its `seen` cells computed) into `stats`: the non-sink cells of the pixel
    /// columns holding sinks into `sinkMax`, and with `tracksMin` every cell into `min`.
    private static func addRow(_ row: UnsafeMutablePointer<Float>, seen: Range<Int>, columns: Range<Int>, sinkPixels: [SinkPixel],
                               tracksMin: Bool, to stats: inout RowStatistics) {
        guard !seen.isEmpty else { return }
        if tracksMin {
            var low = Float.infinity, high = -Float.infinity
            attnviz_min_max(row + (seen.lowerBound - columns.lowerBound), seen.count, &low, &high)
            stats.min = Swift.min(stats.min, low)
        }
        func segment(_ start: Int, _ end: Int) {
            guard start < end else { return }
            var low = Float.infinity, high = -Float.infinity
            attnviz_min_max(row + (start - columns.lowerBound), end - start, &low, &high)
            stats.sinkMax = Swift.max(stats.sinkMax, high)
        }
        for pixel in sinkPixels {
            let low = Swift.max(seen.lowerBound, pixel.cells.lowerBound), high = Swift.min(seen.upperBound, pixel.cells.upperBound)
            guard low < high else { continue }
            let cells = low..<high
            var start = cells.lowerBound
            for sink in pixel.sinks where cells.contains(sink) {
                segment(start, sink)
                start = sink + 1
            }
            segment(start, cells.upperBound)
        }
    }

    /// Runs `body(task, scratch)` for every task in `0..<tasks` on up to ``threads`` threads,
    /// each with its own `scratchCount` floats of scratch.
    private func parallel(_ tasks: Int, scratch scratchCount: Int,
                          _ body: @Sendable (Int, UnsafeMutablePointer<Float>) -> Void) {
        let workers = min(threads, tasks)
        guard workers > 1 else {
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, scratchCount))
            defer { scratch.deallocate() }
            for task in 0..<tasks { body(task, scratch) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, scratchCount))
                defer { scratch.deallocate() }
                while true {
                    let task = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard task < tasks else { return }
                    body(task, scratch)
                }
            }
        }
    }
}
